using Pg2.Models.Pls;
using Pg2.Sdk;

// The SDK provides train/ping/--help, SageMaker paths, hyper-parameters, persistence and output.
return ModelHost.Run(new PlsModel(), args);
