namespace Pg2.Sdk.Tests.Hosting;

/// <summary>Predicts the training mean plus the hyper-parameter <c>shift</c>; records what it saw.</summary>
internal sealed class MeanModel : ISupervisedModel<string[]>
{
    public double[]? TrainTargets { get; private set; }
    public HyperParameters? Seen { get; private set; }
    public List<string[]> Preprocessed { get; } = [];

    public string[] Preprocess(ModelContext context, ModelRows rows)
    {
        var s = rows.Sequences.ToArray();
        Preprocessed.Add(s);
        return s;
    }

    public ModelParameters Train(ModelContext context, string[] features, double[] targets)
    {
        TrainTargets = targets;
        Seen = context.HyperParameters;
        var p = new ModelParameters();
        p.Scalars["mean"] = targets.Average();
        p.Arrays["targets"] = targets;
        return p;
    }

    public double[] Predict(ModelContext context, ModelParameters parameters, string[] features) =>
        features.Select(_ => parameters.Scalar("mean") + context.HyperParameters.GetDouble("shift", 0)).ToArray();
}

/// <summary>Throws while training, like a model with a bug.</summary>
internal sealed class FailingModel : ISupervisedModel<int>
{
    public int Preprocess(ModelContext context, ModelRows rows) => rows.Count;
    public ModelParameters Train(ModelContext context, int features, double[] targets) => throw new InvalidOperationException("boom");
    public double[] Predict(ModelContext context, ModelParameters parameters, int features) => [];
}

/// <summary>Scores each row by minus its sequence length (zero-shot).</summary>
internal sealed class LengthScorer : IZeroShotModel<IReadOnlyList<string>>
{
    public IReadOnlyList<string> Preprocess(ModelContext context, ModelRows rows) => rows.Sequences;
    public double[] Predict(ModelContext context, IReadOnlyList<string> features) => features.Select(s => -(double)s.Length).ToArray();
}
