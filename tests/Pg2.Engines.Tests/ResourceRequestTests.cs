using Docker.DotNet.Models;
using Pg2.Contracts;
using Pg2.Engines.Docker;
using Pg2.Engines.Local;
using Pg2.Engines.Podman;

namespace Pg2.Engines.Tests;

/// <summary>The exact request each engine makes for a model declaring 2 cpus, 4 GiB, 1 GPU and 1 h 30 min.</summary>
public class ResourceRequestTests
{
    internal static readonly ModelResources GpuModel = new(Cpus: 2, MemoryBytes: 4L << 30, Gpus: 1, Time: TimeSpan.FromMinutes(90));

    internal static JobRequest Request(ModelResources resources, string program = "pg2/esm:latest", string id = "g-1") => new(
        id, new ModelArtifact(new ModelSource("esm", "/m/esm", null, "/m/esm/manifest.toml"), "sha256:abc", program),
        "/data/d.zip", "/m/esm/manifest.toml", "/r/.run/config", "/r/.run/output", ["--test-fold", "0"], resources);

    [Fact]
    public void Docker_ContainerConfig_HasMemoryWithoutSwap_NanoCpus_AndAGpuDeviceRequest()
    {
        var create = DockerEngine.CreateParameters(Request(GpuModel));
        Assert.Equal("pg2-g-1", create.Name);
        Assert.Equal("sha256:abc", create.Image);
        Assert.Equal(["train", "--test-fold", "0"], create.Cmd);
        var host = create.HostConfig!;
        Assert.Equal(4L << 30, host.Memory);
        Assert.Equal(4L << 30, host.MemorySwap);
        Assert.Equal(2_000_000_000, host.NanoCPUs);
        Assert.Equal("none", host.NetworkMode);
        var gpu = Assert.Single(host.DeviceRequests!);
        Assert.Equal(1, gpu.Count);
        Assert.Equal([["gpu"]], gpu.Capabilities.Select(c => c.ToArray()).ToArray());
    }

    [Fact]
    public void Docker_ContainerConfig_WithoutResources_SetsNoLimitsAndNoDevices()
    {
        var host = DockerEngine.CreateParameters(Request(ModelResources.None)).HostConfig!;
        Assert.Equal(0, host.Memory);
        Assert.Equal(0, host.NanoCPUs);
        Assert.Null(host.DeviceRequests);
    }

    [Fact]
    public void Podman_RunArguments_AskForTheGpuThroughCdi()
    {
        Assert.Equal(
            ["run", "--rm", "--name", "pg2-g-1", "--network", "none",
             "-v", "/data/d.zip:/opt/ml/input/data/training/dataset.zip:ro",
             "-v", "/m/esm/manifest.toml:/opt/ml/input/data/manifest/manifest.toml:ro",
             "-v", "/r/.run/config:/opt/ml/input/config:ro",
             "-v", "/r/.run/output:/opt/ml/model",
             "--memory", "4294967296", "--cpus", "2", "--device", "nvidia.com/gpu=all",
             "pg2/esm:latest", "train", "--test-fold", "0"],
            PodmanEngine.RunArguments(Request(GpuModel), ContainerCli.Podman));
    }

    [Fact]
    public void DockerCli_RunArguments_AskForTheGpuWithGpus()
    {
        var args = PodmanEngine.RunArguments(Request(GpuModel), ContainerCli.Docker);
        Assert.Equal(["--memory", "4294967296", "--cpus", "2", "--gpus", "1", "pg2/esm:latest"], args.Skip(14).Take(7));
    }

    [Fact]
    public async Task Local_GpuModel_IsRefusedClearly_WhenNoGpuIsVisible()
    {
        using var engine = new LocalEngine(null, gpuVisible: () => false);
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => engine.StartAsync(Request(GpuModel, "/m/esm.dll"), CancellationToken.None));
        Assert.Equal("model 'esm' asks for 1 GPU(s) but this machine shows none (no /dev/nvidia* device, no nvidia-smi); run it where a GPU is, e.g. --engine slurm or docker on a GPU host", e.Message);
    }

    [Fact]
    public void Local_Command_CarriesMemoryAndCpusAsDotnetRuntimeLimits()
    {
        using var engine = new LocalEngine();
        var command = engine.CommandFor(Request(GpuModel, "/m/esm.dll"));
        Assert.Equal("0x100000000", command.Environment["DOTNET_GCHeapHardLimit"]);
        Assert.Equal("2", command.Environment["DOTNET_PROCESSOR_COUNT"]);
        Assert.Equal(["/m/esm.dll", "train", "--dataset-file", "/data/d.zip", "--model-toml-file", "/m/esm/manifest.toml", "--output-dir", "/r/.run/output", "--test-fold", "0"], command.Arguments);
    }
}
