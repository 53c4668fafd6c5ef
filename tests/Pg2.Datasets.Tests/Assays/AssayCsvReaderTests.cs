using System.Text;
using Pg2.Datasets.Assays;
using Pg2.Contracts;

namespace Pg2.Datasets.Tests.Assays;

public class AssayCsvReaderTests
{
    private static readonly HashSet<string> None = new(StringComparer.Ordinal);

    private static AssayTable Read(string csv, bool knownSize = true)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        using var s = new MemoryStream(bytes);
        return AssayCsvReader.Read(s, "t.csv", [], None, new HashSet<string>(["seq"], StringComparer.Ordinal), knownSize ? bytes.Length : -1);
    }

    private static string Dump(AssayTable t) =>
        string.Join("|", t.Columns.Select(c => c.Name + ":" + c.GetType().Name + ":" +
            string.Join(",", Enumerable.Range(0, c.Count).Select(c.Format))));

    [Theory]
    [InlineData("seq,a,b\nAAA,1,x\nCCC,NA,y\n")]
    [InlineData("seq,a,b\r\nAAA,1.5e3,x\r\nCCC,,\r\n")]
    [InlineData("\uFEFFseq,a,b\nAAA,-2,héllo\n\nCCC,3,wörld")]
    [InlineData("seq,a,b\nAAA,1,2\nCCC,2,3\n")]
    public void FastPathAndSepPath_GiveTheSameTable(string csv)
    {
        Assert.Equal(Dump(Read(csv, knownSize: false)), Dump(Read(csv, knownSize: true)));
    }

    [Fact]
    public void Types_NumericWhenAllNonEmptyCellsParse_ElseText()
    {
        var t = Read("seq,a,b,c\nAAA,1,x,5\nCCC,NaN,y,z\n");
        Assert.IsType<TextColumn>(t["seq"]);
        Assert.IsType<NumericColumn>(t["a"]);
        Assert.True(t["a"].IsNull(1));
        Assert.IsType<TextColumn>(t["b"]);
        Assert.IsType<TextColumn>(t["c"]);
        Assert.Equal("z", t["c"].Format(1));
    }

    [Fact]
    public void WrongFieldCount_NamesLine()
    {
        var e = Assert.Throws<InvalidInputException>(() => Read("seq,a\nAAA,1\nCCC,2,3\n"));
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8_IsAnError()
    {
        var bytes = Encoding.UTF8.GetBytes("seq,a\nAAA,1\n").Concat(new byte[] { 0xC3, 0x28, (byte)',', (byte)'1', (byte)'\n' }).ToArray();
        using var s = new MemoryStream(bytes);
        var e = Assert.Throws<InvalidInputException>(() =>
            AssayCsvReader.Read(s, "t.csv", [], None, None, bytes.Length));
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomTables_WriteThenRead_RoundTrip()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 20; trial++)
        {
            int rows = rng.Next(1, 200);
            var seq = Enumerable.Range(0, rows).Select(i => i % 7 == 3 ? null : new string('A', rng.Next(1, 5)) + i).ToArray();
            var num = Enumerable.Range(0, rows).Select(_ => rng.Next(5) == 0 ? double.NaN : rng.NextDouble() * 1e6 - 5e5).ToArray();
            var txt = Enumerable.Range(0, rows).Select(_ => rng.Next(4) switch { 0 => "a,b", 1 => "q\"x", 2 => null, _ => "é" }).ToArray();
            var table = new AssayTable([new TextColumn("seq", seq), new NumericColumn("n", num), new TextColumn("t", txt)]);
            using var s = new MemoryStream();
            typeof(AssayTable).Assembly.GetType("Pg2.Datasets.Assays.AssayCsvWriter")!
                .GetMethod("Write")!.Invoke(null, [table, s]);
            var csv = Encoding.UTF8.GetString(s.ToArray());
            Assert.Equal(Dump(table), Dump(Read(csv)));
        }
    }
}
