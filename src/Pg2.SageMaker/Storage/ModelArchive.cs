using System.Formats.Tar;
using System.IO.Compression;

namespace Pg2.SageMaker.Storage;

/// <summary>
/// SageMaker's <c>model.tar.gz</c>: the contents of <c>/opt/ml/model</c>, tarred (paths relative
/// to that folder) and gzipped.
/// </summary>
public static class ModelArchive
{
    /// <summary>Writes the contents of <paramref name="directory"/> as a gzipped tar to <paramref name="destination"/>.</summary>
    public static void Pack(string directory, Stream destination)
    {
        using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        TarFile.CreateFromDirectory(directory, gzip, includeBaseDirectory: false);
    }

    /// <summary>
    /// Unpacks <paramref name="archive"/> into <paramref name="directory"/> (created if missing).
    /// The tar reader refuses entries that would land outside the folder.
    /// </summary>
    public static void Unpack(string archive, string directory)
    {
        Directory.CreateDirectory(directory);
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        TarFile.ExtractToDirectory(gzip, directory, overwriteFiles: true);
    }
}
