namespace Pg2.SageMakerEmulator;

/// <summary>How the emulator is wired: the credentials it accepts, its S3, and its container engine.</summary>
public sealed record EmulatorOptions
{
    /// <summary>The one access key requests must be signed with.</summary>
    public string AccessKeyId { get; init; } = "S3RVER";
    /// <summary>Its secret (used to recompute signatures and to talk to S3).</summary>
    public string SecretAccessKey { get; init; } = "S3RVER";
    /// <summary>Region of the emulated endpoint (and of S3 signing).</summary>
    public string Region { get; init; } = "us-east-1";
    /// <summary>The S3-compatible server channels are read from and models written to.</summary>
    public string S3Endpoint { get; init; } = "http://127.0.0.1:4568";
    /// <summary>Container CLI that runs jobs (<c>docker</c> or <c>podman</c>, or a stand-in in tests).</summary>
    public string ContainerCli { get; init; } = "docker";
    /// <summary>Folder under which each job gets <c>&lt;job&gt;/</c> mounted as <c>/opt/ml</c>.</summary>
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "pg2-sagemaker-emulator");
    /// <summary>Keep job folders after the job ends (for debugging).</summary>
    public bool KeepJobDirectories { get; init; }
}
