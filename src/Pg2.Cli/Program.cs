using Pg2.Cli;

return Pg2App.Run(args);
