using Pg2.SageMaker.Storage;

namespace Pg2.SageMaker.Tests;

[CollectionDefinition("s3rver")]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>;

[Collection("s3rver")]
public sealed class S3ObjectStoreTests(S3rverFixture s3)
{
    [S3Fact]
    public async Task UploadIfChanged_SkipsIdenticalContentAndUploadsChangedContent()
    {
        using var store = s3.Store();
        var dir = TestEnvironment.TempDir("upload");
        var file = Path.Combine(dir, "dataset.zip");
        await File.WriteAllTextAsync(file, "first version");
        var target = new S3Location(S3rverFixture.Bucket, $"skip/{Guid.NewGuid():N}/dataset.zip");

        Assert.True(await store.UploadIfChangedAsync(file, target));
        Assert.False(await store.UploadIfChangedAsync(file, target));
        var head = await store.HeadAsync(target);
        Assert.NotNull(head);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file))),
            head.Metadata[S3ObjectStore.ChecksumMetadataKey]);

        await File.WriteAllTextAsync(file, "second version");
        Assert.True(await store.UploadIfChangedAsync(file, target));
        var back = Path.Combine(dir, "back.zip");
        await store.DownloadAsync(target, back);
        Assert.Equal("second version", await File.ReadAllTextAsync(back));
        Directory.Delete(dir, true);
    }

    [S3Fact]
    public async Task DownloadPrefix_CopiesFolderOnlyKeepingRelativePaths()
    {
        using var store = s3.Store();
        var dir = TestEnvironment.TempDir("prefix");
        var file = Path.Combine(dir, "f.txt");
        await File.WriteAllTextAsync(file, "x");
        var root = new S3Location(S3rverFixture.Bucket, $"prefix-{Guid.NewGuid():N}");
        await store.UploadAsync(file, root.Append("datasets/a/dataset.zip"));
        await store.UploadAsync(file, root.Append("datasets/a/sub/extra.txt"));
        await store.UploadAsync(file, root.Append("datasets/ab/other.zip"));

        var into = Path.Combine(dir, "channel");
        Assert.Equal(2, await store.DownloadPrefixAsync(root.Append("datasets/a"), into));
        Assert.True(File.Exists(Path.Combine(into, "dataset.zip")));
        Assert.True(File.Exists(Path.Combine(into, "sub", "extra.txt")));
        Assert.False(File.Exists(Path.Combine(into, "other.zip")));
        Assert.Null(await store.HeadAsync(root.Append("datasets/missing")));
        Directory.Delete(dir, true);
    }
}
