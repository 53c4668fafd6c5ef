using Microsoft.ML.OnnxRuntime;
using Pg2.Contracts;
using Pg2.Models.Esm.Weights;

namespace Pg2.Models.Esm.Onnx;

/// <summary>
/// An ONNX Runtime session of one checkpoint's graph. The graph is built in memory; its initializers
/// are external data in the user's weights folder (read in place, never copied or converted).
/// CUDA is used when asked for and its execution provider loads, the CPU otherwise.
/// </summary>
internal sealed class EsmSession : IDisposable
{
    private readonly InferenceSession _session;

    private EsmSession(InferenceSession session, EsmConfig config, string provider)
    {
        _session = session;
        Config = config;
        Provider = provider;
    }

    public EsmConfig Config { get; }

    /// <summary>"CUDA" or "CPU".</summary>
    public string Provider { get; }

    public static EsmSession Open(EsmWeights weights, bool useGpu, Action<string> log, GraphFaults? faults = null)
    {
        var folder = Path.GetFullPath(weights.Folder);
        string FileOf(StoredTensor t)
        {
            var relative = Path.GetRelativePath(folder, Path.GetFullPath(t.File));
            return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
                ? throw new InvalidOperationException($"tensor file {t.File} is outside the weights folder {folder}")
                : relative;
        }
        var model = EsmGraph.Build(weights, FileOf, faults);
        var (session, provider) = Create(model, folder, useGpu, log);
        return new EsmSession(session, weights.Config, provider);
    }

    private static (InferenceSession, string) Create(byte[] model, string folder, bool useGpu, Action<string> log)
    {
        if (useGpu)
        {
            SessionOptions? gpu = null;
            try
            {
                gpu = SessionOptions.MakeSessionOptionWithCudaProvider(0);
                return (new InferenceSession(model, Configure(gpu, folder)), "CUDA");
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                log($"CUDA execution provider unavailable ({FirstLine(e.Message)}); using the CPU");
            }
            finally
            {
                gpu?.Dispose();
            }
        }
        using var cpu = Configure(new SessionOptions(), folder);
        try
        {
            return (new InferenceSession(model, cpu), "CPU");
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidInputException($"ONNX Runtime cannot load the ESM graph of the weights in {folder}: {FirstLine(e.Message)}", ExitCodes.ModelFailure);
        }
    }

    /// <summary>The graph lives in memory; its external initializers are read from the weights folder.</summary>
    private static SessionOptions Configure(SessionOptions options, string folder)
    {
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
        options.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", folder);
        return options;
    }

    /// <summary>
    /// Logits of equal-length token rows, [row][token · 33 + token id]. Rows of different lengths are
    /// right-padded with &lt;pad&gt; (the graph masks them out).
    /// </summary>
    public float[][] Logits(IReadOnlyList<long[]> rows)
    {
        int n = rows.Count, width = rows.Max(r => r.Length), v = Config.Vocabulary;
        var ids = new long[n * width];
        Array.Fill(ids, EsmAlphabet.Pad);
        for (int i = 0; i < n; i++) rows[i].CopyTo(ids, i * width);
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [n, width]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [EsmGraph.InputName], [input], [EsmGraph.OutputName]);
        var all = outputs[0].GetTensorDataAsSpan<float>();
        var result = new float[n][];
        for (int i = 0; i < n; i++) result[i] = all.Slice(i * width * v, rows[i].Length * v).ToArray();
        return result;
    }

    public void Dispose()
    {
        _session.Dispose();
    }

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();
}
