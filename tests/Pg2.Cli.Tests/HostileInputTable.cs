using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Pg2.Contracts;

namespace Pg2.Cli.Tests;

/// <summary>
/// Issue 11's hostile-input table: each case builds its inputs in a fresh sandbox, runs the real pg2
/// (the built CLI as a subprocess, working folder = the sandbox's <c>work/</c>), and checks the exit code,
/// a fragment of the message, that stderr is one line without a stack trace, and that nothing outside
/// <c>work/</c> appeared or changed and no file there was replaced. Adding a case is one entry in
/// <see cref="Cases"/>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileInputTable
{
    /// <summary>One hostile input: builds the sandbox and returns the pg2 arguments.</summary>
    /// <param name="Name">What is hostile, for the test name.</param>
    /// <param name="Build">Writes inputs into the sandbox; returns the command line.</param>
    /// <param name="Exit">Expected exit code.</param>
    /// <param name="Fragment">Text stderr must contain.</param>
    /// <param name="Env">Extra environment variables.</param>
    /// <param name="MayWrite">Files (relative to work/) a successful case may create.</param>
    public sealed record Case(string Name, Func<Sandbox, string[]> Build, int Exit, string Fragment,
        (string, string)[]? Env = null, string[]? MayWrite = null)
    {
        public override string ToString() => Name;
    }

    private const string Reference = "MKTAYIAKQRQISFVKSHFSRQLEERLGLIEVQAPILSRVGDGTQDNLSGAEKAVQVKVKALPDAQFEVVHSLAKWKRQTLGQHDFSAGEGLYTHMKALRPDEDRLSPLHSVYVDQWDWERVMGDGERQFSTLKSTVEAIWAGIKATEAAVSEEFGLAPFLPDQIHFVHSQELLSRYPDLDAKGRERAIAKDLGAVFLVGIGGKLSDGHRHDVRAPDYDDWSTPSELGHAGLNGDILVWNPVLEDAFELSSMGIRVDADTLKHQLALTGDEDRLELEWHQALLRGEMPQTIGGGIGQSRLTMLLLQLPHIGQVQAGVWPAACRESVPALL";

    private static readonly string[] BadNames =
        ["../outside/pwned", "/tmp/pg2-hostile-abs", "a/b", "a\\\\b", ".hidden", "..", "has space", "tab\\tname", "ümlaut", new string('x', 101), "semi;colon", "new\\nline"];

    private static string Data(params string[] parts) => Path.Combine([RepoRoot, "..", "shared", "data", .. parts]);
    private static string DmsCsv => Data("proteingym", "DYR_ECOLI_Thompson_2019", "DYR_ECOLI_Thompson_2019.csv");
    private static string DmsMsa => Data("proteingym", "DYR_ECOLI_Thompson_2019", "DHFR.a2m");
    private static string DmsRef => Data("proteingym", "DMS_substitutions.csv");
    private static string[] Create(string output, string? msa = null, string id = "DYR_ECOLI_Thompson_2019") =>
        ["dataset", "create", "--from-proteingym", DmsCsv, "--msa", msa ?? DmsMsa, "--reference", DmsRef, "--dms-id", id, "-o", output];

    private static string SeedManifest(string name, string mutationCol = "mutant") => $"""
        name = "{name}"

        [assays_meta]
        file_path = "assays.csv"
        sequence_feature = "sequence"
        split_strategy = "RandomSplitStrategy"

        [assays_meta.assays.y]
        features = ["{mutationCol}"]

        [assays_meta.assays.y.constants]
        sequence = "ACDEFGHIKL"
        mutation_col = "{mutationCol}"
        offset = 1
        """;

    /// <summary>A seed archive with one row per mutant (the sequence is the mutant applied when it applies).</summary>
    private static string MutantZip(Sandbox s, params string[] mutants)
    {
        var csv = new StringBuilder("sequence,mutant,y\n");
        for (int i = 0; i < mutants.Length; i++)
            csv.Append(Apply(mutants[i])).Append(',').Append(mutants[i]).Append(',').Append(i).Append('\n');
        for (int i = 0; i < 4; i++) csv.Append("ACDEFGHIKL,A1").Append("CDEF"[i]).Append(',').Append(i + 10).Append('\n');
        return s.Zip("mut.zip", ("manifest.toml", SeedManifest("mut")), ("assays.csv", csv.ToString()));
    }

    private static string Apply(string mutant)
    {
        var chars = "ACDEFGHIKL".ToCharArray();
        foreach (var part in mutant.Split(':'))
            if (part.Length >= 3 && int.TryParse(part[1..^1], out int p) && p >= 1 && p <= chars.Length) chars[p - 1] = char.ToUpperInvariant(part[^1]);
        return new string(chars);
    }

    private static string NamedZip(Sandbox s, string name) =>
        s.Zip("named.zip", ("manifest.toml", SeedManifest(name)), ("assays.csv", "sequence,mutant,y\nACDEFGHIKL,A1C,1\nACDEFGHIKL,A1D,2\n".Replace("ACDEFGHIKL,A1C", "CCDEFGHIKL,A1C").Replace("ACDEFGHIKL,A1D", "DCDEFGHIKL,A1D")));

    private static string NamedPgdata(Sandbox s, string name)
    {
        var path = s.Path("named.pgdata");
        File.Copy(Data("pgdata-b1", "NEIME_2019.pgdata"), path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry("manifest.lock")!;
        string text;
        using (var r = new StreamReader(entry.Open())) text = r.ReadToEnd();
        entry.Delete();
        using var w = new StreamWriter(zip.CreateEntry("manifest.lock").Open());
        w.Write(text.Replace("name = \"NEIME_2019\"", $"name = \"{name}\"", StringComparison.Ordinal));
        return path;
    }

    /// <summary>DHFR.a2m with the focus's match residues changed at <paramref name="count"/> positions.</summary>
    private static string MismatchedMsa(Sandbox s, int count)
    {
        var lines = File.ReadAllLines(DmsMsa);
        int changed = 0;
        for (int l = 1; l < lines.Length && !lines[l].StartsWith('>') && changed < count; l++)
        {
            var chars = lines[l].ToCharArray();
            for (int i = 5; i < chars.Length && changed < count; i += 7)
                if (char.IsAsciiLetterUpper(chars[i])) { chars[i] = chars[i] == 'W' ? 'Y' : 'W'; changed++; }
            lines[l] = new string(chars);
        }
        var path = s.Path("focus.a2m");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>A valid seed archive whose assays.csv entry header declares <paramref name="factor"/> times its real size.</summary>
    private static string LyingZip(Sandbox s, double factor)
    {
        var csv = "sequence,mutant,y\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"ACDEFGHIKL,A1A,{i}\n"));
        var path = s.Zip("lying.zip", ("manifest.toml", SeedManifest("lying")), ("assays.csv", csv));
        var bytes = File.ReadAllBytes(path);
        uint real = (uint)Encoding.UTF8.GetByteCount(csv), forged = (uint)(real * factor);
        // Local header (size at +22) and central directory (size at +24) of the entry of that size.
        for (int i = 0; i + 46 < bytes.Length; i++)
        {
            uint sig = BitConverter.ToUInt32(bytes, i);
            int at = sig == 0x04034b50 ? i + 22 : sig == 0x02014b50 ? i + 24 : -1;
            if (at >= 0 && BitConverter.ToUInt32(bytes, at) == real) BitConverter.GetBytes(forged).CopyTo(bytes, at);
        }
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private const string Predictions = "test,pred\n1,2\n2,1\n3,3\n4,5\n";

    /// <summary>The neime seed archive: no mutation strings and no reference sequence, so it has no fold schemes.</summary>
    private static string SeedArchive => Data("seed", "neime", "dataset.zip");

    /// <summary>A valid seed archive of eight single mutants (enough rows for five folds).</summary>
    private static string FoldableArchive(Sandbox s) => MutantZip(s, "C2D", "D3E", "E4F", "F5G");

    /// <summary>A valid seed archive of three rows.</summary>
    private static string SmallArchive(Sandbox s) =>
        s.Zip("small.zip", ("manifest.toml", SeedManifest("small")), ("assays.csv", "sequence,mutant,y\nCCDEFGHIKL,A1C,1\nDCDEFGHIKL,A1D,2\nECDEFGHIKL,A1E,3\n"));

    /// <summary>One <c>[[datasets]]</c> entry of a game, scored with ProteinGym's modulo folds.</summary>
    private static string GameDataset(string archive, string target, string folds = "folds = 5") =>
        $"[[datasets]]\npath = \"{archive}\"\ntarget = \"{target}\"\nsplits = [\"modulo\"]\n{folds}\n";

    /// <summary>A game of <paramref name="datasets"/> and one model folder whose manifest is <paramref name="manifest"/>; returns <c>benchmark run</c>.</summary>
    private static string[] RunGame(Sandbox s, string datasets, string manifest = "name = \"m\"\n")
    {
        s.Folder("model");
        s.File(Path.Combine("model", "manifest.toml"), manifest);
        var game = s.File("game.toml", $"name = \"g\"\nkind = \"supervised\"\n{datasets}[[models]]\npath = \"model\"\n");
        return ["benchmark", "run", game, "--results", "results", "--quiet"];
    }

    /// <summary>The hostile output targets every writing command is tried against.</summary>
    /// <summary>The hostile output targets every writing command is tried against (given the extension the command needs).</summary>
    private static readonly (string Name, Func<Sandbox, string, string> Target, string Fragment)[] BadOutputs =
    [
        ("a folder", (s, ext) => s.Folder("existing" + ext), "is a folder"),
        ("a path under a file", (s, ext) => Path.Combine(s.File("plain.txt", "x"), "out" + ext), "is a file"),
        ("a deep path under a file", (s, ext) => Path.Combine(s.File("plain.txt", "x"), "a", "b", "out" + ext), "is a file"),
        ("a read-only folder", (s, ext) => Path.Combine(s.ReadOnlyFolder(), "out" + ext), "cannot create a file in the folder"),
        ("a fifo", (s, ext) => s.Fifo("pipe" + ext), "not a regular file"),
        ("a symbolic link", (s, ext) => s.Link("link" + ext, s.Outside("target" + ext)), "symbolic link"),
        ("a dangling symbolic link", (s, ext) => s.Link("dangling" + ext, s.Outside("missing" + ext, create: false)), "symbolic link"),
        ("a device", (_, _) => "/dev/null", "not a regular file"),
        ("a trailing slash", (_, _) => "newdir/", "folder name"),
    ];

    public static TheoryData<Case> Cases()
    {
        var cases = new List<Case>();
        // 1. Names become paths: refused where read, by every command that reads them.
        foreach (var name in BadNames)
        {
            var toml = name; // as written in the TOML string (escapes kept)
            cases.Add(new($"validate: dataset name '{toml}'", s => ["dataset", "validate", NamedZip(s, toml)], ExitCodes.InvalidInput, "not a valid name"));
            cases.Add(new($"convert: dataset name '{toml}'", s => ["dataset", "convert", NamedZip(s, toml), "out.zip"], ExitCodes.InvalidInput, "not a valid name"));
        }
        foreach (var name in new[] { "../outside/pwned", "/tmp/x", ".x", "a b" })
        {
            cases.Add(new($"inspect: .pgdata name '{name}'", s => ["dataset", "inspect", NamedPgdata(s, name)], ExitCodes.InvalidInput, "not a valid name"));
            cases.Add(new($"validate: .pgdata name '{name}'", s => ["dataset", "validate", NamedPgdata(s, name)], ExitCodes.InvalidInput, "not a valid name"));
        }
        cases.Add(new("create: --dms-id '../outside/x'", s => Create("out.zip", id: "../outside/x"), ExitCodes.InvalidInput, "--dms-id"));
        cases.Add(new("create: --dms-id '/tmp/x'", s => Create("out.zip", id: "/tmp/x"), ExitCodes.InvalidInput, "not a valid name"));

        // 2. Output paths: every writing command against every hostile target.
        foreach (var (what, target, fragment) in BadOutputs)
        {
            cases.Add(new($"generate-dummy-data -o {what}", s => ["dataset", "generate-dummy-data", "-o", target(s, ".zip"), "--n-rows", "20"], ExitCodes.InvalidInput, fragment));
            cases.Add(new($"convert to {what}", s => ["dataset", "convert", Data("seed", "neime", "dataset.zip"), target(s, ".zip")], ExitCodes.InvalidInput, fragment));
            cases.Add(new($"create -o {what}", s => Create(target(s, ".zip")), ExitCodes.InvalidInput, fragment));
            // metric calc wants a .json/.csv name: the device and the bare folder name are usage errors first.
            bool named = what is not ("a device" or "a trailing slash");
            cases.Add(new($"metric calc --metric-path {what}", s => ["metric", "calc", "--output-path", s.File("p.csv", Predictions), "--metric-path", target(s, ".json"), "--metrics", "spearman"],
                named ? ExitCodes.InvalidInput : ExitCodes.Usage, named ? fragment : "--metric-path"));
        }
        cases.Add(new("benchmark run --results under a file", s => ["benchmark", "run", Path.Combine(RepoRoot, "benchmarks", "quickstart.toml"), "--results", Path.Combine(s.File("plain.txt", "x"), "results"), "--quiet"], ExitCodes.InvalidInput, "is a file"));
        cases.Add(new("benchmark run --results in a read-only folder", s => ["benchmark", "run", Path.Combine(RepoRoot, "benchmarks", "quickstart.toml"), "--results", Path.Combine(s.ReadOnlyFolder(), "results"), "--quiet"], ExitCodes.InvalidInput, "--results"));
        cases.Add(new("benchmark run --results is a file", s => ["benchmark", "run", Path.Combine(RepoRoot, "benchmarks", "quickstart.toml"), "--results", s.File("plain.txt", "x"), "--quiet"], ExitCodes.InvalidInput, "is a file"));

        // 3. Numbers and options (the non-metric ones).
        foreach (var (option, value) in new[] { ("--n-rows", "2147483647"), ("--n-rows", "0"), ("--n-rows", "-5"), ("--sequence-length", "0"), ("--sequence-length", "1000000") })
            cases.Add(new($"generate-dummy-data {option} {value}", s => ["dataset", "generate-dummy-data", "-o", "d.zip", option, value], ExitCodes.Usage, "must be between"));
        cases.Add(new("generate-dummy-data rows × length too large", s => ["dataset", "generate-dummy-data", "-o", "d.zip", "--n-rows", "10000000", "--sequence-length", "100000"], ExitCodes.Usage, "at most"));

        // 3. Numbers and options (metric calc).
        cases.Add(new("metric calc: MSE overflows (values near 1e308)", s => ["metric", "calc", "--output-path", s.File("p.csv", "test,pred\n1e308,-1e308\n-1e308,1e308\n1,2\n2,1\n"), "--metric-path", "m.json", "--metrics", "spearman,mse"],
            ExitCodes.Success, "exceeds the largest double", MayWrite: ["m.json"]));
        cases.Add(new("metric calc: header names test twice", s => ["metric", "calc", "--output-path", s.File("p.csv", "test,pred,test\n1,2,3\n2,1,3\n"), "--metric-path", "m.json"], ExitCodes.InvalidInput, "test"));
        cases.Add(new("metric calc: header names pred twice", s => ["metric", "calc", "--output-path", s.File("p.csv", "pred,test,pred\n1,2,3\n2,1,3\n"), "--metric-path", "m.json"], ExitCodes.InvalidInput, "pred"));
        cases.Add(new("metric calc: score folder file without the DMS_score column", s =>
        {
            Directory.CreateDirectory(s.Path("scores"));
            s.File("scores/X.csv", "mutant,MyModel\nA1C,0.5\n");
            return ["metric", "calc", "--output-path", s.Path("scores"), "--prediction-column", "MyModel", "--metric-path", "m.json"];
        }, ExitCodes.InvalidInput, "no column 'DMS_score'"));
        cases.Add(new("proteingym import: reference file missing", s => ["proteingym", "import", "--assays", s.Path("assays"), "--reference", s.Path("none.csv"), "-o", "out"],
            ExitCodes.FileNotFound, "none.csv: file not found"));
        // The cost table behind the run estimate (data/cost-model.json or --cost-model).
        foreach (var (what, json, fragment) in new[]
        {
            ("not JSON", "{", "not valid JSON"),
            ("an unknown term", """{"models": {"pls": {"time": {"fitted": {"rows_cubed": 1}}}}}""", "models.pls.time.fitted: unknown term 'rows_cubed'"),
            ("a negative run size", """{"models": {"pls": {"runs": [{"rows": -5, "length": 1, "alignment_length": 0, "depth": 0, "seconds": 1}]}}}""", "models.pls.runs[0].rows: expected 0 or more"),
            ("an infinite coefficient", """{"models": {"pls": {"memory": {"fixed": {"1": 1e999}}}}}""", "models.pls.memory.fixed.1"),
        })
            cases.Add(new($"benchmark run --cost-model with {what}", s => ["benchmark", "run", Path.Combine(RepoRoot, "benchmarks", "quickstart.toml"), "--dry-run", "--cost-model", s.File("costs.json", json)],
                ExitCodes.InvalidInput, fragment));
        cases.Add(new("proteingym estimate: DMS_total_number_mutants not a number", s => ["proteingym", "estimate", "--reference",
            s.File("ref.csv", "DMS_id,DMS_filename,target_seq,DMS_total_number_mutants\nA_B,A_B.csv,MKV,lots\n")], ExitCodes.InvalidInput, "DMS_total_number_mutants: 'lots' is not a whole number"));
        foreach (var value in new[] { "1000000000", "1", "-1", "many" })
            cases.Add(new($"metric calc --bootstrap {value}", s => ["metric", "calc", "--output-path", s.File("p.csv", Predictions), "--metric-path", "m.json", "--bootstrap", value], ExitCodes.Usage, "--bootstrap"));
        foreach (var value in new[] { "abc", "1e400", "NaN" })
            cases.Add(new($"metric calc --cutoff {value}", s => ["metric", "calc", "--output-path", s.File("p.csv", Predictions), "--metric-path", "m.json", "--cutoff", value], ExitCodes.Usage, "--cutoff"));

        // 6. Games: every problem found before any job starts, listed at once; folds checked.
        cases.Add(new("benchmark run: folds = 1", s => RunGame(s, GameDataset(FoldableArchive(s), "y", "folds = 1")), ExitCodes.InvalidInput, "from 2 to 100, got 1"));
        cases.Add(new("benchmark run: folds = 101", s => RunGame(s, GameDataset(FoldableArchive(s), "y", "folds = 101")), ExitCodes.InvalidInput, "from 2 to 100, got 101"));
        cases.Add(new("benchmark run: folds = 100 > rows", s => RunGame(s, GameDataset(SmallArchive(s), "y", "folds = 100")),
            ExitCodes.InvalidInput, "100 folds need at least 100 rows"));
        cases.Add(new("benchmark run: unknown target", s => RunGame(s, GameDataset(SeedArchive, "fitness")), ExitCodes.InvalidInput, "is not a target of"));
        cases.Add(new("benchmark run: archive is not a zip", s => RunGame(s, GameDataset(s.File("broken.zip", "not a zip"), "y")), ExitCodes.InvalidInput, "datasets[0] (broken): path:"));
        cases.Add(new("benchmark run: archive with a path as its name", s => RunGame(s, GameDataset(NamedZip(s, "../outside/pwned"), "y")), ExitCodes.InvalidInput, "not a valid name"));
        cases.Add(new("benchmark run: model manifest not TOML", s => RunGame(s, GameDataset(FoldableArchive(s), "y"), "name = \"m\"\n[hyper_params\n"), ExitCodes.InvalidInput, "TOML syntax error"));
        foreach (var name in new[] { "../../x", "/tmp/pg2-hostile-abs", "a/b", ".x" })
            cases.Add(new($"benchmark run: model manifest name '{name}'", s => RunGame(s, GameDataset(FoldableArchive(s), "y"), $"name = \"{name}\"\n"), ExitCodes.InvalidInput, "not a valid name"));
        cases.Add(new("benchmark run: fold schemes on an archive without mutants or reference", s => RunGame(s, GameDataset(SeedArchive, "DMS_score")), ExitCodes.InvalidInput, "fold schemes need mutated positions"));
        cases.Add(new("benchmark run: folds = \"three\"", s => RunGame(s, GameDataset(FoldableArchive(s), "y", "folds = \"three\"")), ExitCodes.InvalidInput, "got \"three\""));
        cases.Add(new("benchmark run: folds = 2.5", s => RunGame(s, GameDataset(FoldableArchive(s), "y", "folds = 2.5")), ExitCodes.InvalidInput, "got 2.5"));
        cases.Add(new("benchmark run: four problems listed at once", s => RunGame(s,
                GameDataset(s.File("broken.zip", "not a zip"), "y") + GameDataset(SeedArchive, "fitness") + GameDataset(SmallArchive(s), "y", "folds = 100"),
                "name = \"../../x\"\n"),
            ExitCodes.InvalidInput, "4 problems found before any job ran"));

        // 4. validate runs the checks a model's loading runs.
        foreach (var (mutant, fragment) in new[]
        {
            ("A1Z", "not one of the 20 amino-acid letters"), ("A1B", "not one of the 20"), ("A1X", "not one of the 20"), ("Z1C", "not one of the 20"),
            ("a1c", "upper case"), ("A1c", "upper case"), ("A1C:A1D", "twice"), ("A1C:C2D:A1E", "twice"), ("A11C", "outside the reference"),
            ("C1D", "the reference has 'A'"), ("A1", "not a substitution"), ("1C", "not a substitution"), ("A1*", "not a substitution"),
            ("A1C:", "not a substitution"), ("A-1C", "not a substitution"),
        })
            cases.Add(new($"validate: mutant '{mutant}'", s => ["dataset", "validate", MutantZip(s, mutant)], ExitCodes.InvalidInput, fragment));
        cases.Add(new("validate: mutant does not give the row's sequence", s => ["dataset", "validate",
            s.Zip("m.zip", ("manifest.toml", SeedManifest("m")), ("assays.csv", "sequence,mutant,y\nACDEFGHIKL,A1C,1\nCCDEFGHIKL,A1C,2\n"))], ExitCodes.InvalidInput, "is not the reference with A1C applied"));
        cases.Add(new("validate: mutation_col names no column", s => ["dataset", "validate",
            s.Zip("m.zip", ("manifest.toml", SeedManifest("m").Replace("mutation_col = \"mutant\"", "mutation_col = \"nope\"")), ("assays.csv", "sequence,mutant,y\nCCDEFGHIKL,A1C,1\n"))], ExitCodes.InvalidInput, "names no text column"));
        cases.Add(new("validate: sequence with a digit", s => ["dataset", "validate",
            s.Zip("m.zip", ("manifest.toml", "name = \"m\"\n[assays_meta]\nfile_path = \"assays.csv\"\n[assays_meta.assays.y]\n"), ("assays.csv", "sequence,y\nAC1DE,1\nACDEF,2\n"))], ExitCodes.InvalidInput, "not an amino-acid letter"));
        cases.Add(new("validate: two entries named assays.csv", s => ["dataset", "validate",
            s.Zip("dup.zip", ("manifest.toml", SeedManifest("dup")), ("assays.csv", "sequence,mutant,y\nCCDEFGHIKL,A1C,1\n"), ("assays.csv", "sequence,mutant,y\nDCDEFGHIKL,A1D,1\n"))], ExitCodes.InvalidInput, "two entries named"));
        cases.Add(new("inspect: two entries named manifest.toml", s => ["dataset", "inspect",
            s.Zip("dup.zip", ("manifest.toml", SeedManifest("dup")), ("manifest.toml", SeedManifest("dup2")), ("assays.csv", "sequence,mutant,y\nCCDEFGHIKL,A1C,1\n"))], ExitCodes.InvalidInput, "ambiguous"));

        // 5. Memory budget and lying headers.
        cases.Add(new("validate: archive over a 1 KiB budget", s => ["dataset", "validate", Data("seed", "neime", "dataset.zip")], ExitCodes.InvalidInput, "memory budget of 1,024 bytes", Env: [(ArchiveBudgetVariable, "1k")]));
        cases.Add(new("inspect: archive over a 64 KiB budget", s => ["dataset", "inspect", Data("pgdata-b1", "NEIME_2019.pgdata")], ExitCodes.InvalidInput, ArchiveBudgetVariable, Env: [(ArchiveBudgetVariable, "64k")]));
        cases.Add(new("validate: budget variable not a size", s => ["dataset", "validate", Data("seed", "neime", "dataset.zip")], ExitCodes.InvalidInput, "expected a positive size", Env: [(ArchiveBudgetVariable, "lots")]));
        cases.Add(new("validate: budget variable negative", s => ["dataset", "validate", Data("seed", "neime", "dataset.zip")], ExitCodes.InvalidInput, "expected a positive size", Env: [(ArchiveBudgetVariable, "-1")]));
        cases.Add(new("validate: header claims more than the entry holds", s => ["dataset", "validate", LyingZip(s, 3)], ExitCodes.InvalidInput, "header declares"));
        cases.Add(new("validate: header claims less than the entry holds", s => ["dataset", "validate", LyingZip(s, 0.5)], ExitCodes.InvalidInput, "checksum"));

        // 8. ProteinGym's own alignments: a few focus mismatches are accepted with a warning, many refused.
        cases.Add(new("create: focus differs at 1 position", s => Create("ok.zip", MismatchedMsa(s, 1)), ExitCodes.Success, "warning: ", MayWrite: ["ok.zip"]));
        cases.Add(new("create: focus differs at 5 positions", s => Create("ok.zip", MismatchedMsa(s, 5)), ExitCodes.Success, "at 5 position(s)", MayWrite: ["ok.zip"]));
        cases.Add(new("create: focus differs at 6 positions", s => Create("bad.zip", MismatchedMsa(s, 6)), ExitCodes.InvalidInput, "at most 5 accepted"));
        cases.Add(new("create: focus differs at 30 positions", s => Create("bad.zip", MismatchedMsa(s, 30)), ExitCodes.InvalidInput, "differs from the reference at 2"));

        // Plain bad inputs (every command: one line, right code).
        cases.Add(new("validate: missing archive", s => ["dataset", "validate", "nope.zip"], ExitCodes.FileNotFound, "not found"));
        cases.Add(new("inspect: missing archive", s => ["dataset", "inspect", "nope.zip"], ExitCodes.FileNotFound, "not found"));
        cases.Add(new("inspect: a folder as archive", s => ["dataset", "inspect", s.Folder("d")], ExitCodes.InvalidInput, "is a directory"));
        cases.Add(new("inspect: not a zip", s => ["dataset", "inspect", s.File("x.zip", "hello")], ExitCodes.InvalidInput, "not a zip"));
        cases.Add(new("inspect: empty file", s => ["dataset", "inspect", s.File("x.zip", "")], ExitCodes.InvalidInput, "not a zip"));
        cases.Add(new("convert: zip without a manifest", s => ["dataset", "convert", s.Zip("x.zip", ("other.txt", "x")), "out.zip"], ExitCodes.InvalidInput, "no manifest.toml"));
        cases.Add(new("create: missing assay CSV", s => ["dataset", "create", "--from-proteingym", "nope.csv", "-o", "o.zip"], ExitCodes.FileNotFound, "not found"));
        cases.Add(new("metric calc: missing predictions", s => ["metric", "calc", "--output-path", "nope.csv", "--metric-path", "m.json"], ExitCodes.FileNotFound, "nope.csv"));
        var data = new TheoryData<Case>();
        foreach (var c in cases) data.Add(c);
        return data;
    }

    private const string ArchiveBudgetVariable = "PG2_MAX_ARCHIVE_BYTES";

    [Fact]
    public void Table_HasAtLeastEightyCases() => Assert.True(Cases().Count >= 80, $"{Cases().Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void HostileInput_FailsCleanly_AndTouchesNothingOutside(Case c)
    {
        ArgumentNullException.ThrowIfNull(c);
        using var sandbox = new Sandbox();
        var args = c.Build(sandbox);
        var before = sandbox.Snapshot();
        var (code, stderr) = RunPg2(sandbox.Work, args, c.Env ?? []);

        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", stderr, StringComparison.Ordinal);
        // A message names what was expected, never a .NET type ("System.Double", "System.FormatException").
        Assert.DoesNotMatch(@"System\.\w|\b(Int32|Int64|Double|Boolean|String)\b", stderr);
        if (c.Exit >= 0)
        {
            Assert.True(c.Exit == code, $"exit {code}, expected {c.Exit}; stderr: {stderr}");
            Assert.Contains(c.Fragment, stderr, StringComparison.Ordinal);
        }
        else Assert.True(code is ExitCodes.InvalidInput or ExitCodes.Usage, $"exit {code}; stderr: {stderr}");
        var lines = stderr.TrimEnd().Split('\n');
        // validate lists its problems under one heading; everything else is one line.
        if (args is ["dataset", "validate", ..] && code == ExitCodes.InvalidInput && lines.Length > 1)
            Assert.All(lines.Skip(1), l => Assert.StartsWith("  - ", l, StringComparison.Ordinal));
        // A game's problems are listed at once: a heading, then one indented line per problem.
        else if (args is ["benchmark", "run", ..] && code == ExitCodes.InvalidInput && lines.Length > 1)
            Assert.All(lines.Skip(1), l => Assert.StartsWith("  ", l, StringComparison.Ordinal));
        else if (code != ExitCodes.Success) Assert.Single(lines);
        else Assert.True(stderr.Length == 0 || lines.Length == 1, stderr);

        var after = sandbox.Snapshot();
        var allowed = (c.MayWrite ?? []).Select(f => Path.Combine("work", f)).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, state) in before)
            Assert.True(after.TryGetValue(path, out var now) && now == state, $"{path} was changed or replaced ({state} -> {now ?? "gone"})");
        foreach (var path in after.Keys.Where(p => !before.ContainsKey(p)))
            Assert.True(allowed.Contains(path), $"{path} appeared (allowed: {string.Join(", ", allowed)})");
        Assert.False(File.Exists("/tmp/pg2-hostile-abs_mut.csv"));
    }

    private static (int Code, string Stderr) RunPg2(string workDir, string[] args, (string, string)[] env)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove(ArchiveBudgetVariable);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"pg2 {string.Join(' ', args)} did not finish in 120 s");
        }
        return (p.ExitCode, stderr.GetAwaiter().GetResult().Replace("\r", "", StringComparison.Ordinal));
    }

    private static string CliDll { get; } = FindCli();

    private static string FindCli()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "pg2.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var built = Path.Combine(RepoRoot, "src", "Pg2.Cli", "bin", config, "net10.0", "pg2.dll");
        return File.Exists(built) ? built : throw new InvalidOperationException($"pg2.dll not found beside the tests or at {built}");
    }

    private static string RepoRoot => Pg2.Testing.Repository.Root;

    /// <summary>A temporary root with <c>work/</c> (the working folder) and <c>outside/</c> (a canary that must not change).</summary>
    public sealed class Sandbox : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("pg2-hostile-").FullName;
        private readonly List<string> _readOnly = [];

        public Sandbox()
        {
            Directory.CreateDirectory(Work);
            Directory.CreateDirectory(System.IO.Path.Combine(_root, "outside"));
            System.IO.File.WriteAllText(System.IO.Path.Combine(_root, "outside", "canary.txt"), "canary\n");
        }

        public string Work => System.IO.Path.Combine(_root, "work");
        public string Path(string name) => System.IO.Path.Combine(Work, name);

        public string File(string name, string text)
        {
            System.IO.File.WriteAllText(Path(name), text);
            return Path(name);
        }

        public string Folder(string name) => Directory.CreateDirectory(Path(name)).FullName;

        public string Outside(string name, bool create = true)
        {
            var p = System.IO.Path.Combine(_root, "outside", name);
            if (create) System.IO.File.WriteAllText(p, "precious\n");
            return p;
        }

        public string Link(string name, string target)
        {
            System.IO.File.CreateSymbolicLink(Path(name), target);
            return Path(name);
        }

        public string Fifo(string name)
        {
            using var p = Process.Start("mkfifo", [Path(name)]);
            p.WaitForExit();
            return Path(name);
        }

        /// <summary>A folder nobody can write: chmod 555, or (root ignores modes) /sys, which refuses new files even to root.</summary>
        public string ReadOnlyFolder()
        {
            if (Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root") return "/sys";
            var dir = Folder("readonly");
            System.IO.File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            _readOnly.Add(dir);
            return dir;
        }

        public string Zip(string name, params (string Name, string Text)[] entries)
        {
            var path = Path(name);
            using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
            foreach (var (entryName, text) in entries)
            {
                using var s = zip.CreateEntry(entryName).Open();
                s.Write(Encoding.UTF8.GetBytes(text));
            }
            return path;
        }

        /// <summary>Every entry under the root (relative path → kind and content hash), links not followed.</summary>
        public Dictionary<string, string> Snapshot()
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFileSystemEntries(_root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                var rel = System.IO.Path.GetRelativePath(_root, path);
                var kind = FileKinds.Of(path);
                result[rel] = kind switch
                {
                    FileKind.Regular => "file " + Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(path))),
                    FileKind.SymbolicLink => "link " + new FileInfo(path).LinkTarget,
                    _ => kind.ToString(),
                };
            }
            return result;
        }

        public void Dispose()
        {
            foreach (var d in _readOnly) System.IO.File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(_root, recursive: true);
        }
    }
}
