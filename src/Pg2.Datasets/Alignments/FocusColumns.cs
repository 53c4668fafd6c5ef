using Pg2.Contracts;

namespace Pg2.Datasets.Alignments;

/// <summary>
/// The sites a model of the focus sequence uses (plmc focus mode): columns where the focus row holds an
/// upper-case letter. Lower-case (insert) and gap columns of the focus are left out. Each site carries its
/// residue number in the focus protein: <see cref="Alignment.RegionStart"/> plus the focus residues
/// (either case) before the column, not the column index.
/// </summary>
public sealed class FocusColumns
{
    private readonly Dictionary<int, int> _siteOfResidue;

    private FocusColumns(int[] columns, int[] residueNumbers, string residues)
    {
        Columns = columns;
        ResidueNumbers = residueNumbers;
        Residues = residues;
        _siteOfResidue = new Dictionary<int, int>(columns.Length);
        for (int i = 0; i < residueNumbers.Length; i++) _siteOfResidue[residueNumbers[i]] = i;
    }

    /// <summary>Alignment column of each site, ascending.</summary>
    public IReadOnlyList<int> Columns { get; }

    /// <summary>Residue number of each site in the focus protein's numbering.</summary>
    public IReadOnlyList<int> ResidueNumbers { get; }

    /// <summary>The focus residue (upper case) at each site.</summary>
    public string Residues { get; }

    /// <summary>Number of sites (L).</summary>
    public int Count => Columns.Count;

    /// <summary>Selects the focus columns of <paramref name="alignment"/>.</summary>
    public static FocusColumns Of(Alignment alignment)
    {
        var focus = alignment.FocusRow;
        var columns = new List<int>(focus.Length);
        for (int c = 0; c < focus.Length; c++)
            if (char.IsAsciiLetterUpper(focus[c])) columns.Add(c);
        if (columns.Count == 0)
            throw new InvalidInputException(
                $"alignment focus '{alignment.FocusId}' has no upper-case (match) columns to model");
        var residueNumbers = columns.Select(alignment.ResidueNumberOfColumn).ToArray();
        var residues = string.Concat(columns.Select(c => focus[c]));
        return new FocusColumns(columns.ToArray(), residueNumbers, residues);
    }

    /// <summary>The site modelling residue number <paramref name="residueNumber"/>, or -1 if none does.</summary>
    public int SiteOfResidue(int residueNumber) =>
        _siteOfResidue.TryGetValue(residueNumber, out int site) ? site : -1;
}
