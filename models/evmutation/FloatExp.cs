using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pg2.Models.Evmutation;

/// <summary>
/// e^x in float32 for x ≤ 0 (energies minus their maximum), Cephes' expf: x = n·ln 2 + r, |r| ≤ ln 2 / 2, a degree-6
/// polynomial in r, times 2^n through the exponent bits; within 2 ulp of the exact value, 0 below −87.
/// The runtime's Vector256.Exp computes in float64 and costs about three times as much; this is the single-precision
/// objective's probabilities pass (the double one keeps the runtime's).
/// </summary>
internal static class FloatExp
{
    private const float Log2E = 1.44269504088896341f, Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f, Floor = -87.0f;
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
        P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /// <summary>e^x lane by lane, for x ≤ 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> OfNonPositive(Vector256<float> x)
    {
        var below = Vector256.LessThan(x, Vector256.Create(Floor));
        x = Vector256.Max(x, Vector256.Create(Floor));
        var n = Vector256.Floor(x * Vector256.Create(Log2E) + Vector256.Create(0.5f));
        var r = x - n * Vector256.Create(Ln2High) - n * Vector256.Create(Ln2Low);
        var p = Vector256.Create(P0);
        p = p * r + Vector256.Create(P1);
        p = p * r + Vector256.Create(P2);
        p = p * r + Vector256.Create(P3);
        p = p * r + Vector256.Create(P4);
        p = p * r + Vector256.Create(P5);
        p = p * (r * r) + r + Vector256<float>.One;
        var scale = (Vector256.ConvertToInt32(n) + Vector256.Create(127)) << 23;
        return Vector256.AndNot(p * scale.AsSingle(), below);
    }

    /// <inheritdoc cref="OfNonPositive(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> OfNonPositive(Vector128<float> x) => OfNonPositive(x.ToVector256()).GetLower(); // upper lanes: e^0, unused
}
