namespace Pg2.Datasets.Archives;

/// <summary>
/// proteingym-base 0.1.0rc0's <c>.pgdata</c> (E4; FORMATS.md §C.1–C.3): several assays with targets and
/// non-targets as Fields (with aliases), <c>assays_raw</c>, <c>msa_weights</c> (<c>.npy</c>),
/// <c>publication</c>, <c>reference_sequence_name</c>.
/// </summary>
internal sealed class Rc0Format : IArchiveFormat
{
    public string Name => "rc0";
    public string Extension => ".pgdata";
    public bool Recognises(ArchiveReader archive) => archive.Contains(PgdataReader.ManifestFile);
    public Dataset Read(ArchiveReader archive) => PgdataSeedView.ToDataset(PgdataReader.Read(archive), archive.Path);
    public void Write(Dataset dataset, Stream output) => PgdataWriter.Write(PgdataSeedView.FromDataset(dataset), output, PgdataSchema.Rc0);
}
