using FsCheck.Xunit;
using Pg2.Datasets.Mutations;

namespace Pg2.Datasets.Tests.Mutations;

public class MutantProperties
{
    private const string Alphabet = "ACDEFGHIKLMNPQRSTVWY";

    [Property(MaxTest = 200)]
    public bool FromVariant_OfApply_GivesBackTheMutant(int seed, byte offsetSeed)
    {
        var rng = new Random(seed);
        int offset = offsetSeed % 50 + 1;
        var reference = new string(Enumerable.Range(0, rng.Next(1, 120)).Select(_ => Alphabet[rng.Next(20)]).ToArray());
        var positions = Enumerable.Range(0, reference.Length).OrderBy(_ => rng.Next()).Take(rng.Next(1, Math.Min(6, reference.Length) + 1)).Order();
        var subs = positions.Select(i =>
        {
            char mt;
            do mt = Alphabet[rng.Next(20)]; while (mt == reference[i]);
            return new Substitution(reference[i], i + offset, mt);
        }).ToList();
        var mutant = new Mutant(subs);
        var variant = mutant.Apply(reference, offset);
        var back = Mutant.FromVariant(reference, variant, offset);
        return back.ToString() == mutant.ToString() && Mutant.Parse(mutant.ToString()).Apply(reference, offset) == variant;
    }
}
