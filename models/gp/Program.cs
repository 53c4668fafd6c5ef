using Pg2.Models.Gp;
using Pg2.Sdk;

// The SDK provides train/ping/--help, SageMaker paths, hyper-parameters, covariates, persistence and output.
return ModelHost.Run(new GpModel(), args);
