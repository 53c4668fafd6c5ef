using Pg2.Models.SiteIndependent;
using Pg2.Sdk;

return ModelHost.Run(new SiteIndependentModel(), args);
