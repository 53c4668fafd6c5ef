namespace Pg2.Sdk;

/// <summary>
/// A supervised model: the SDK loads data, splits it, and calls <see cref="Preprocess"/> on the training
/// and prediction rows, <see cref="Train"/> on the training features and targets, and
/// <see cref="Predict"/> with the trained parameters. Run it with <c>ModelHost.Run(new MyModel(), args)</c>.
/// </summary>
/// <typeparam name="TFeatures">The model's feature representation (e.g. a one-hot matrix).</typeparam>
public interface ISupervisedModel<TFeatures>
{
    /// <summary>Turns rows into features.</summary>
    TFeatures Preprocess(ModelContext context, ModelRows rows);

    /// <summary>Fits the model; the returned parameters are persisted by the SDK.</summary>
    ModelParameters Train(ModelContext context, TFeatures features, double[] targets);

    /// <summary>Predicts one value per row of <paramref name="features"/>.</summary>
    double[] Predict(ModelContext context, ModelParameters parameters, TFeatures features);
}

/// <summary>
/// A zero-shot model: no training; the SDK calls <see cref="Preprocess"/> and <see cref="Predict"/>
/// on every row of the target. Run it with <c>ModelHost.Run(new MyModel(), args)</c>.
/// </summary>
/// <typeparam name="TFeatures">The model's input representation.</typeparam>
public interface IZeroShotModel<TFeatures>
{
    /// <summary>Turns rows into the model's input.</summary>
    TFeatures Preprocess(ModelContext context, ModelRows rows);

    /// <summary>Scores each row (higher = fitter).</summary>
    double[] Predict(ModelContext context, TFeatures features);
}
