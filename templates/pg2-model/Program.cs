using Pg2.Sdk;
using Pg2Model._1;

// The glue. The SDK does the rest of the container contract: the `train` and `ping` commands,
// SageMaker's paths, hyper-parameters (manifest.toml + hyperparameters.json), loading and splitting
// the dataset, persisting the trained model and writing {dataset}_{model}.csv.
return ModelHost.Run(new Model(), args);
