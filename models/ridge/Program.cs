using Pg2.Models.Ridge;
using Pg2.Sdk;

// The SDK provides train/ping/--help, SageMaker paths, hyper-parameters, persistence and output.
return ModelHost.Run(new RidgeModel(), args);
