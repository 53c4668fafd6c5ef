using Pg2.Models.Evmutation;
using Pg2.Sdk;

return ModelHost.Run(new EvmutationModel(), args);
