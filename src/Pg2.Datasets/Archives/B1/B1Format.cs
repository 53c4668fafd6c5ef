namespace Pg2.Datasets.Archives;

/// <summary>
/// proteingym-base 0.1.0b1's <c>.pgdata</c> (E2; FORMATS.md §C.2 "B1"): <c>manifest.lock</c> with
/// <c>sequence</c> and a <c>[assays.targets]</c> table. Writing drops what B1 has no place for (raw assays,
/// MSA weights, publication, reference name, aliases, non-targets' declarations).
/// </summary>
internal sealed class B1Format : IArchiveFormat
{
    public string Name => "b1";
    public string Extension => ".pgdata";
    public bool Recognises(ArchiveReader archive) =>
        archive.Contains(PgdataReader.ManifestFile) && PgdataReader.SchemaOf(archive) == PgdataSchema.B1;
    public Dataset Read(ArchiveReader archive) => PgdataSeedView.ToDataset(PgdataReader.Read(archive), archive.Path);
    public void Write(Dataset dataset, Stream output) => PgdataWriter.Write(PgdataSeedView.FromDataset(dataset), output, PgdataSchema.B1);
}
