using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using nietras.SeparatedValues;
using Pg2.Datasets;

// pg2 dataset-load benchmark.
//   generate <dir> [rows] [length]  writes <dir>/assays.csv and <dir>/dataset.zip (deflate) and <dir>/stored.zip
//   load <archive> [--strings]      one timed Dataset.FromPath in this process; prints seconds and peak memory
//   probe <archive>                 3 in-process rounds: inflate only, inflate + Sep tokenising, a minimal copy loop, FromPath
static int Usage()
{
    Console.Error.WriteLine("usage: generate <dir> [rows] [length] | load <archive> [--strings] | probe <archive>");
    return 2;
}

if (args.Length < 2) return Usage();
var inv = CultureInfo.InvariantCulture;
switch (args[0])
{
    case "generate":
    {
        int rows = args.Length > 2 ? int.Parse(args[2], inv) : 500_000;
        int length = args.Length > 3 ? int.Parse(args[3], inv) : 300;
        Directory.CreateDirectory(args[1]);
        var csv = Path.Combine(args[1], "assays.csv");
        var rng = new Random(1);
        const string alphabet = "ACDEFGHIKLMNPQRSTVWY";
        using (var w = new StreamWriter(csv, false, new UTF8Encoding(false), 1 << 20))
        {
            w.Write("sequence,fitness\n");
            var buf = new char[length];
            for (int r = 0; r < rows; r++)
            {
                for (int i = 0; i < length; i++) buf[i] = alphabet[rng.Next(alphabet.Length)];
                w.Write(buf);
                w.Write(',');
                w.Write((rng.NextDouble() * 10 - 5).ToString("R", inv));
                w.Write('\n');
            }
        }
        const string manifest = """
            name = "bench"

            [assays_meta]
            file_path = "assays.csv"
            sequence_feature = "sequence"
            split_strategy = "RandomSplitStrategy"

            [assays_meta.assays.fitness]
            features = []
            """;
        foreach (var (name, level) in new[] { ("dataset.zip", CompressionLevel.Optimal), ("stored.zip", CompressionLevel.NoCompression) })
        {
            var path = Path.Combine(args[1], name);
            File.Delete(path);
            using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
            using (var s = new StreamWriter(zip.CreateEntry("manifest.toml").Open())) s.Write(manifest);
            zip.CreateEntryFromFile(csv, "assays.csv", level);
        }
        Console.WriteLine($"wrote {csv} ({new FileInfo(csv).Length / 1e6:F1} MB), dataset.zip ({new FileInfo(Path.Combine(args[1], "dataset.zip")).Length / 1e6:F1} MB), stored.zip");
        return 0;
    }
    case "load":
    {
        bool strings = args.Contains("--strings");
        var sw = Stopwatch.StartNew();
        var d = Dataset.FromPath(args[1]);
        long checksum = d.Assays.RowCount;
        if (strings) checksum += d.ForTarget("fitness").Sequences.Sum(s => (long)s.Length);
        sw.Stop();
        using var p = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(inv, $"seconds={sw.Elapsed.TotalSeconds:F3} peak_mb={p.PeakWorkingSet64 / 1e6:F1} rows={d.Assays.RowCount} check={checksum}"));
        return 0;
    }
    case "probe":
    {
        for (int rep = 0; rep < 3; rep++)
        {
            var sw = Stopwatch.StartNew();
            using (var zip = ZipFile.OpenRead(args[1]))
            using (var st = zip.GetEntry("assays.csv")!.Open())
            {
                var buf = new byte[1 << 20];
                while (st.Read(buf) > 0) { }
            }
            var tInflate = sw.Elapsed.TotalSeconds;
            sw.Restart();
            long n = 0;
            using (var zip = ZipFile.OpenRead(args[1]))
            using (var st = zip.GetEntry("assays.csv")!.Open())
            using (var reader = Sep.New(',').Reader(o => o with { Unescape = true }).From(st))
                foreach (var row in reader) n += row[0].Span.Length + row[1].Span.Length;
            var tSep = sw.Elapsed.TotalSeconds;
            sw.Restart();
            using (var zip = ZipFile.OpenRead(args[1]))
            using (var st = zip.GetEntry("assays.csv")!.Open())
            using (var reader = Sep.New(',').Reader(o => o with { Unescape = true }).From(st))
            {
                var blob = new byte[160_000_000]; int len = 0; var ends = new int[500_000]; var vals = new double[500_000]; int r = 0;
                foreach (var row in reader)
                {
                    var c0 = row[0].Span;
                    System.Text.Ascii.FromUtf16(c0, blob.AsSpan(len), out int wr); len += wr; ends[r] = len;
                    var c1 = row[1].Span;
                    vals[r] = double.Parse(c1, NumberStyles.Float, inv);
                    r++;
                }
            }
            Console.Write(string.Create(inv, $"copy={sw.Elapsed.TotalSeconds:F3} "));
            sw.Restart();
            var d = Dataset.FromPath(args[1]);
            var tLoad = sw.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(inv, $"inflate={tInflate:F3} inflate+sep={tSep:F3} fromPath={tLoad:F3} {n}"));
        }
        return 0;
    }
    default:
        return Usage();
}
