using System.Globalization;
using Pg2.Contracts;
using Pg2.Datasets.Mutations;
using Pg2.Models.Esm.Onnx;

namespace Pg2.Models.Esm.Scoring;

/// <summary>
/// Zero-shot scores of substitution variants with one ESM checkpoint. Substitutions add up (a
/// multi-mutant scores the sum of its substitutions' marginals). Work is shared: every position's
/// log-probabilities are computed once per assay (wt-marginals: one forward per distinct window;
/// masked-marginals: one masked forward per substituted position), and forward passes of equal
/// length are batched.
/// </summary>
internal sealed class EsmScorer(EsmSession session, int batchSize = 8)
{
    private readonly int _window = session.Config.TokenWindow;

    /// <summary>Forward passes run so far (for logs and the tests of shared work).</summary>
    public int Forwards { get; private set; }

    public double[] Score(string wildType, IReadOnlyList<Mutant?> mutants, ScoringStrategy strategy, int offset)
    {
        var wt = wildType.ToUpperInvariant();
        foreach (var m in mutants)
            if (m is not null) Check(wt, m, offset);
        return strategy == ScoringStrategy.PseudoPpl
            ? PseudoPpl(wt, mutants, offset)
            : Marginals(wt, mutants, offset, strategy == ScoringStrategy.MaskedMarginals);
    }

    private double[] Marginals(string wt, IReadOnlyList<Mutant?> mutants, int offset, bool masked)
    {
        var tokens = EsmAlphabet.Tokens(wt);
        var positions = mutants.OfType<Mutant>().SelectMany(m => m.Substitutions).Select(s => s.Position - offset + 1).Distinct().Order().ToArray();
        var requests = new List<Request>();
        if (masked)
        {
            foreach (int p in positions) requests.Add(Request.At(tokens, p, _window, mask: true));
        }
        else
        {
            // Unmasked: positions that share a window share one forward pass.
            foreach (var group in positions.GroupBy(p => TokenWindow.Around(p, tokens.Length, _window)))
                requests.Add(Request.Window(tokens, group.Key, [.. group]));
        }
        var logProbs = Run(requests);
        var scores = new double[mutants.Count];
        for (int i = 0; i < mutants.Count; i++)
            foreach (var s in mutants[i]?.Substitutions ?? [])
            {
                var lp = logProbs[(0, s.Position - offset + 1)];
                scores[i] += lp[EsmAlphabet.Token(s.Mutant)] - lp[EsmAlphabet.Token(s.Wild)];
            }
        return scores;
    }

    private double[] PseudoPpl(string wt, IReadOnlyList<Mutant?> mutants, int offset)
    {
        var sequences = new List<string> { wt };
        var index = new Dictionary<string, int>(StringComparer.Ordinal) { [wt] = 0 };
        var of = new int[mutants.Count];
        for (int i = 0; i < mutants.Count; i++)
        {
            var s = mutants[i]?.Apply(wt, offset) ?? wt;
            if (!index.TryGetValue(s, out int k))
            {
                k = index[s] = sequences.Count;
                sequences.Add(s);
            }
            of[i] = k;
        }
        var pll = new double[sequences.Count];
        // In chunks of sequences, so that at most a few sequences' requests are held at once.
        for (int first = 0; first < sequences.Count; first += batchSize)
        {
            var requests = new List<Request>();
            int last = Math.Min(sequences.Count, first + batchSize);
            for (int k = first; k < last; k++)
            {
                var tokens = EsmAlphabet.Tokens(sequences[k]);
                for (int p = 1; p <= sequences[k].Length; p++) requests.Add(Request.At(tokens, p, _window, mask: true, sequence: k));
            }
            foreach (var ((k, p), lp) in Run(requests)) pll[k] += lp[EsmAlphabet.Token(sequences[k][p - 1])];
        }
        return of.Select(k => pll[k] - pll[0]).ToArray();
    }

    /// <summary>Runs the requests in batches of equal length; log-probabilities by (sequence, token position).</summary>
    private Dictionary<(int Sequence, int Position), double[]> Run(List<Request> requests)
    {
        var result = new Dictionary<(int, int), double[]>();
        foreach (var sameLength in requests.GroupBy(r => r.Tokens.Length))
            foreach (var chunk in sameLength.Chunk(batchSize))
            {
                var logits = session.Logits(chunk.Select(r => r.Tokens).ToArray());
                Forwards += chunk.Length;
                for (int b = 0; b < chunk.Length; b++)
                    foreach (var (position, local) in chunk[b].Reads)
                        result[(chunk[b].Sequence, position)] = LogSoftmax(logits[b].AsSpan(local * EsmAlphabet.Size, EsmAlphabet.Size));
            }
        return result;
    }

    private static double[] LogSoftmax(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity, sum = 0;
        foreach (var l in logits) max = Math.Max(max, l);
        foreach (var l in logits) sum += Math.Exp(l - max);
        double log = max + Math.Log(sum);
        var lp = new double[logits.Length];
        for (int i = 0; i < lp.Length; i++) lp[i] = logits[i] - log;
        return lp;
    }

    private static void Check(string wt, Mutant m, int offset)
    {
        foreach (var s in m.Substitutions)
        {
            int i = s.Position - offset;
            if ((uint)i >= (uint)wt.Length)
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"mutant {m}: position {s.Position} is outside the wild type (residues {offset}..{offset + wt.Length - 1})"));
            if (wt[i] != char.ToUpperInvariant(s.Wild))
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"mutant {m}: the wild type has {wt[i]} at position {s.Position}, not {s.Wild}"));
        }
    }

    /// <summary>One forward pass: its tokens and the (full-row position, position in the window) pairs it answers.</summary>
    private sealed record Request(long[] Tokens, (int Position, int Local)[] Reads, int Sequence)
    {
        public static Request At(long[] tokens, int position, int window, bool mask, int sequence = 0)
        {
            var (start, end) = TokenWindow.Around(position, tokens.Length, window);
            var t = tokens[start..end];
            if (mask) t[position - start] = EsmAlphabet.Mask;
            return new Request(t, [(position, position - start)], sequence);
        }

        public static Request Window(long[] tokens, (int Start, int End) range, int[] positions) =>
            new(tokens[range.Start..range.End], positions.Select(p => (p, p - range.Start)).ToArray(), 0);
    }
}
