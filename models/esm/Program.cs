using Pg2.Models.Esm;
using Pg2.Sdk;

return ModelHost.Run(new EsmModel(), args);
