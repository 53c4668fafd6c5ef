using System.IO.Compression;
using Pg2.Contracts;

namespace Pg2.Datasets.Archives;

/// <summary>
/// proteingym-base's splits archive <c>&lt;name&gt;.splits.pgdata</c> (FORMATS.md §C.4): a zip of a complete
/// nested dataset archive <c>dataset.pgdata</c> and <c>slices.json</c>. Read, it is the nested dataset with
/// <see cref="Dataset.Splits"/> set; written, the nested dataset is an rc0 archive.
/// </summary>
internal sealed class SplitsFormat : IArchiveFormat
{
    public const string DatasetEntry = "dataset.pgdata";

    public string Name => "splits";
    public string Extension => ".splits.pgdata";

    public bool Recognises(ArchiveReader archive) => archive.Contains(DatasetEntry) && archive.Contains(SlicesJson.FileName);

    public Dataset Read(ArchiveReader archive)
    {
        Dataset dataset;
        using (var nested = archive.OpenNested(DatasetEntry))
        {
            if (!nested.Contains(PgdataReader.ManifestFile))
                throw new InvalidInputException($"{nested.Path}: no {PgdataReader.ManifestFile}; a splits archive nests a .pgdata dataset");
            dataset = ArchiveFormats.Read(nested);
        }
        var counts = PgdataSeedView.FromDataset(dataset).Assays.Select(a => a.Table.RowCount).ToList();
        var splits = SlicesJson.Parse(archive.ReadAllBytes(SlicesJson.FileName), $"{archive.Path}:{SlicesJson.FileName}", counts);
        return dataset.WithSplits(splits);
    }

    public void Write(Dataset dataset, Stream output)
    {
        var splits = dataset.Splits
            ?? throw new InvalidInputException($"dataset '{dataset.Name}' has no splits to write as a splits archive (give --split random|modulo|contiguous)", ExitCodes.Usage);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        using (var s = zip.CreateEntry(DatasetEntry, CompressionLevel.Optimal).Open())
        using (var buffer = new MemoryStream())
        {
            ArchiveFormats.Named("rc0").Write(dataset, buffer);
            buffer.Position = 0;
            buffer.CopyTo(s);
        }
        using (var s = zip.CreateEntry(SlicesJson.FileName, CompressionLevel.Optimal).Open())
            s.Write(SlicesJson.Format(splits));
    }
}
