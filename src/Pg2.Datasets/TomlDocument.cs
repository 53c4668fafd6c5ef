using System.Text.RegularExpressions;
using Pg2.Contracts;
using Tomlyn;
using Tomlyn.Model;

namespace Pg2.Datasets;

/// <summary>
/// The one reader of TOML documents (dataset manifests, model manifests, game files, SageMaker's
/// hyper-parameters): a syntax error is one line, <c>&lt;file&gt;: line L, column C: &lt;what&gt;</c>.
/// </summary>
/// <remarks>
/// Public in Pg2.Datasets; Pg2.SageMaker compiles this same file as an internal type, because that
/// engine builds on Pg2.Contracts alone and Contracts takes no packages (see Pg2.SageMaker.csproj).
/// </remarks>
static partial class TomlDocument
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="InvalidInputException">The text is not TOML.</exception>
    public static TomlTable Parse(string text, string file)
    {
        try
        {
            return TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            var first = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            // Tomlyn writes "(line,column) : error : text"; the location is said once, in words.
            var what = Diagnostic().Match(first) is { Success: true } m ? m.Groups[1].Value : first;
            throw new InvalidInputException($"{file}: line {e.Line}, column {e.Column}: TOML syntax error: {what}", e);
        }
        catch (ArgumentOutOfRangeException e) // Tomlyn fails so while describing some unclosed quotes
        {
            throw new InvalidInputException($"{file}: TOML syntax error: an unclosed quote or a stray escape", e);
        }
    }

    [GeneratedRegex(@"^.*?\(\d+,\s*\d+\)\s*:\s*error\s*:\s*(.*)$")]
    private static partial Regex Diagnostic();
}
