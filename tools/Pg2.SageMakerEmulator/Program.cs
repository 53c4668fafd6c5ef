using Pg2.SageMakerEmulator;

// Usage: Pg2.SageMakerEmulator --urls http://127.0.0.1:9090 --s3-endpoint http://127.0.0.1:4568
var app = EmulatorApp.Build(args);
app.Run();
