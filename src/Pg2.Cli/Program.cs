using Pg2.Cli;

return await Pg2App.RunAsync(args);
