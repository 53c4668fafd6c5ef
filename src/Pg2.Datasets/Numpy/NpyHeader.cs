using System.Globalization;

namespace Pg2.Datasets.Numpy;

/// <summary>
/// The header of a <c>.npy</c> file: a Python dict literal with exactly the keys <c>descr</c>,
/// <c>fortran_order</c> and <c>shape</c>, padded with spaces and ended by a newline. Parsed strictly
/// (no <c>eval</c>): string keys and values in either quote, <c>True</c>/<c>False</c>, a tuple of
/// non-negative integers.
/// </summary>
internal ref struct NpyHeader
{
    private readonly ReadOnlySpan<char> _text;
    private readonly string _source;
    private int _at;

    private NpyHeader(ReadOnlySpan<char> text, string source)
    {
        _text = text;
        _source = source;
        _at = 0;
    }

    /// <summary>Parses the header; returns the dtype (one of the four accepted) and the 1-D length.</summary>
    public static (string Descr, long Count) Parse(string header, string source)
    {
        if (!header.EndsWith('\n')) throw NpyFile.Bad(source, "header does not end with a newline");
        var p = new NpyHeader(header.AsSpan(0, header.Length - 1), source);
        string? descr = null;
        bool? fortran = null;
        List<long>? shape = null;
        p.Skip();
        p.Expect('{');
        while (true)
        {
            p.Skip();
            if (p.TryTake('}')) break;
            var key = p.String();
            p.Skip();
            p.Expect(':');
            p.Skip();
            switch (key)
            {
                case "descr" when descr is null: descr = p.String(); break;
                case "fortran_order" when fortran is null: fortran = p.Boolean(); break;
                case "shape" when shape is null: shape = p.Tuple(); break;
                case "descr" or "fortran_order" or "shape": throw p.Fail($"key '{key}' appears twice");
                default: throw p.Fail($"unexpected key '{key}' (expected descr, fortran_order, shape)");
            }
            p.Skip();
            if (p.TryTake('}')) break;
            p.Expect(',');
        }
        p.Skip();
        if (p._at != p._text.Length) throw p.Fail("text after the closing '}'");
        if (descr is null || fortran is null || shape is null)
            throw NpyFile.Bad(source, "header lacks one of descr, fortran_order, shape");
        if (descr is not ("<f4" or "<f8" or ">f4" or ">f8"))
            throw NpyFile.Bad(source, $"dtype '{descr}' is not a float array (expected <f4, <f8, >f4 or >f8)");
        if (shape.Count != 1)
            throw NpyFile.Bad(source, $"shape ({string.Join(", ", shape)}) is not one-dimensional (expected (n,))");
        // A 1-D array has the same layout in C and Fortran order, so either flag is read the same.
        return (descr, shape[0]);
    }

    private void Skip()
    {
        while (_at < _text.Length && _text[_at] is ' ' or '\t') _at++;
    }

    private bool TryTake(char c)
    {
        if (_at < _text.Length && _text[_at] == c) { _at++; return true; }
        return false;
    }

    private void Expect(char c)
    {
        if (!TryTake(c)) throw Fail($"expected '{c}'");
    }

    private string String()
    {
        if (_at >= _text.Length || _text[_at] is not ('\'' or '"')) throw Fail("expected a quoted string");
        char quote = _text[_at++];
        int start = _at;
        while (_at < _text.Length && _text[_at] != quote)
        {
            if (_text[_at] == '\\') throw Fail("escape sequences are not expected in a header string");
            _at++;
        }
        if (_at >= _text.Length) throw Fail("unterminated string");
        var s = _text[start.._at].ToString();
        _at++;
        return s;
    }

    private bool Boolean()
    {
        if (_text[_at..].StartsWith("True")) { _at += 4; return true; }
        if (_text[_at..].StartsWith("False")) { _at += 5; return false; }
        throw Fail("expected True or False");
    }

    private List<long> Tuple()
    {
        Expect('(');
        var items = new List<long>();
        while (true)
        {
            Skip();
            if (TryTake(')')) return items;
            int start = _at;
            while (_at < _text.Length && char.IsAsciiDigit(_text[_at])) _at++;
            // Python 2 era files may write 5L.
            var digits = _text[start.._at];
            if (_at < _text.Length && _text[_at] == 'L') _at++;
            if (digits.Length == 0 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long n))
                throw Fail("expected a non-negative integer in the shape");
            items.Add(n);
            Skip();
            if (TryTake(')')) return items;
            Expect(',');
        }
    }

    private readonly Pg2.Contracts.InvalidInputException Fail(string what) =>
        NpyFile.Bad(_source, $"header is not a .npy header dict: {what} at character {_at + 1}");
}
