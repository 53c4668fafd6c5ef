using System.Text;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Models.Evmutation;

/// <summary>
/// A fitted Potts model over the focus sites: fields h_i(a) and couplings J_ij(a, b) in
/// <see cref="PottsLayout"/> order, the focus (wild-type) residue and residue number of every site.
/// Energies follow plmc: E(x) = Σ h_i(x_i) + Σ_{i&lt;j} J_ij(x_i, x_j); higher is fitter. No gauge is
/// fixed; energy differences do not depend on it.
/// </summary>
internal sealed class PottsModel
{
    private const int Q = PottsLayout.Q;
    private static readonly byte[] Magic = "PG2POTTS"u8.ToArray();
    private const int FormatVersion = 1;

    private readonly double[] _parameters;
    private readonly int[] _wildType;
    private readonly Dictionary<int, int> _siteOfResidue;

    /// <summary>Wraps fitted parameters.</summary>
    public PottsModel(double[] parameters, IReadOnlyList<int> residueNumbers, string wildType, double effectiveCount,
        int sequenceCount)
    {
        Layout = new PottsLayout(residueNumbers.Count);
        if (parameters.Length != Layout.ParameterCount) throw new ArgumentException("parameter count does not fit the sites");
        if (wildType.Length != residueNumbers.Count) throw new ArgumentException("one wild-type residue per site expected");
        _parameters = parameters;
        ResidueNumbers = residueNumbers.ToArray();
        WildType = wildType;
        EffectiveCount = effectiveCount;
        SequenceCount = sequenceCount;
        _wildType = wildType.Select(ResidueIndex).ToArray();
        _siteOfResidue = new Dictionary<int, int>(ResidueNumbers.Count);
        for (int i = 0; i < ResidueNumbers.Count; i++) _siteOfResidue[ResidueNumbers[i]] = i;
    }

    /// <summary>The parameter layout.</summary>
    public PottsLayout Layout { get; }

    /// <summary>Number of sites L.</summary>
    public int SiteCount => Layout.SiteCount;

    /// <summary>Residue number of each site in the focus protein.</summary>
    public IReadOnlyList<int> ResidueNumbers { get; }

    /// <summary>The focus (wild-type) residue at each site.</summary>
    public string WildType { get; }

    /// <summary>N_eff of the training alignment.</summary>
    public double EffectiveCount { get; }

    /// <summary>Sequences the model was fitted on.</summary>
    public int SequenceCount { get; }

    /// <summary>All parameters (fields, then couplings).</summary>
    public ReadOnlySpan<double> Parameters => _parameters;

    /// <summary>h_i(a).</summary>
    public double Field(int i, int a) => _parameters[i * Q + a];

    /// <summary>J_ij(a, b) for any i ≠ j (a the state at i).</summary>
    public double Coupling(int i, int j, int a, int b) => i < j
        ? _parameters[Layout.PairOffset(i, j) + a * Q + b]
        : _parameters[Layout.PairOffset(j, i) + b * Q + a];

    /// <summary>The site modelling residue number <paramref name="residueNumber"/>, or -1.</summary>
    public int SiteOfResidue(int residueNumber) => _siteOfResidue.GetValueOrDefault(residueNumber, -1);

    /// <summary>
    /// E(variant) − E(wild type) for substitutions given as (site, residue index 0..19), at distinct sites;
    /// all terms that change are counted, couplings among the substituted sites included.
    /// </summary>
    public double DeltaE(ReadOnlySpan<(int Site, int Residue)> changes)
    {
        double delta = 0;
        for (int m = 0; m < changes.Length; m++)
        {
            var (i, mt) = changes[m];
            int wt = _wildType[i];
            delta += Field(i, mt) - Field(i, wt);
            for (int j = 0; j < SiteCount; j++)
            {
                if (j == i || IsChanged(changes, j)) continue;
                int tj = _wildType[j];
                delta += Coupling(i, j, mt, tj) - Coupling(i, j, wt, tj);
            }
            for (int n = m + 1; n < changes.Length; n++)
            {
                var (j, mtj) = changes[n];
                delta += Coupling(i, j, mt, mtj) - Coupling(i, j, wt, _wildType[j]);
            }
        }
        return delta;
    }

    private static bool IsChanged(ReadOnlySpan<(int Site, int Residue)> changes, int site)
    {
        foreach (var c in changes)
            if (c.Site == site) return true;
        return false;
    }

    /// <summary>Index 0..19 of a residue letter; an error for anything else.</summary>
    public static int ResidueIndex(char residue)
    {
        int a = Pg2.Datasets.Alignments.ProteinAlphabet.ResidueIndexOf(residue);
        return a >= 0 ? a : throw new InvalidInputException($"'{residue}' is not one of the 20 amino acids");
    }

    /// <summary>Writes the model (parameters as float64, little-endian).</summary>
    public void Save(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(SiteCount);
        w.Write(SequenceCount);
        w.Write(EffectiveCount);
        foreach (int r in ResidueNumbers) w.Write(r);
        w.Write(Encoding.ASCII.GetBytes(WildType));
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_parameters.AsSpan()));
    }

    /// <summary>Reads a model written by <see cref="Save"/>; <paramref name="source"/> names it in errors.</summary>
    public static PottsModel Load(Stream stream, string source)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || r.ReadInt32() != FormatVersion)
                throw new InvalidInputException($"{source}: not a pg2 Potts model file (version {FormatVersion})");
            int sites = r.ReadInt32();
            int sequences = r.ReadInt32();
            double neff = r.ReadDouble();
            var residues = new int[sites];
            for (int i = 0; i < sites; i++) residues[i] = r.ReadInt32();
            string wildType = Encoding.ASCII.GetString(r.ReadBytes(sites));
            var parameters = new double[new PottsLayout(sites).ParameterCount];
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(parameters.AsSpan());
            if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) != bytes.Length)
                throw new InvalidInputException($"{source}: Potts model file is truncated");
            return new PottsModel(parameters, residues, wildType, neff, sequences);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidInputException($"{source}: Potts model file is truncated", e);
        }
    }
}
