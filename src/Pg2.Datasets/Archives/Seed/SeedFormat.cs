namespace Pg2.Datasets.Archives;

/// <summary>The seed-era <c>dataset.zip</c> (FORMATS.md §A): root <c>manifest.toml</c> + <c>assays.csv</c>.</summary>
internal sealed class SeedFormat : IArchiveFormat
{
    public string Name => "seed";
    public string Extension => ".zip";
    public bool Recognises(ArchiveReader archive) => archive.Contains(SeedManifestToml.FileName);
    public Dataset Read(ArchiveReader archive) => SeedArchive.Read(archive);
    public void Write(Dataset dataset, Stream output) => SeedArchive.Write(dataset, output);
}
