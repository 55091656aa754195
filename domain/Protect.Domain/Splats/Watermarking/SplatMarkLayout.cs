using System.Buffers.Binary;
using Protect.Domain.Keys;

namespace Protect.Domain.Splats.Watermarking;

/// <summary>
/// Where each Gaussian's share of the mark goes, derived from a keyed hash of the Gaussian's spatial cell (never of
/// its index, so shuffles, pruning and format conversions leave the layout intact). The cell edge is a power of two
/// chosen from the scene size at embedding; the detector tries every exponent, so it needs no side information.
/// </summary>
internal sealed class SplatMarkLayout
{
    private readonly ulong _k0, _k1;

    public SplatMarkLayout(WatermarkKey key, int codedBits)
    {
        var seed = key.Derive("splat-mark-layout-v1");
        _k0 = BinaryPrimitives.ReadUInt64LittleEndian(seed);
        _k1 = BinaryPrimitives.ReadUInt64LittleEndian(seed.AsSpan(8));
        CodedBits = codedBits;
    }

    public int CodedBits { get; }

    /// <summary>Cell exponents the detector searches: cells from 1/4096 to 16 scene units.</summary>
    public static IEnumerable<int> SearchExponents => Enumerable.Range(-12, 17);

    /// <summary>About 64 cells across the scene's core: thousands of cells, hundreds of Gaussians per coded bit.</summary>
    public static int ExponentFor(float coreExtent) => (int)MathF.Round(MathF.Log2(MathF.Max(coreExtent, 1e-6f) / 64f));

    /// <summary>The coded bit, chip sign and lattice dither (fraction of a step) for the cell holding (x, y, z).</summary>
    public (int Bit, bool Flip, float Dither) At(float x, float y, float z, float cell)
    {
        var h = Mix(_k0 ^ (ulong)(long)MathF.Floor(x / cell));
        h = Mix(h ^ _k1 ^ (ulong)(long)MathF.Floor(y / cell));
        h = Mix(h + _k0 ^ (ulong)(long)MathF.Floor(z / cell) * 0x9E3779B97F4A7C15UL);
        var bit = (int)(((h >> 32) * (ulong)CodedBits) >> 32);
        var flip = (h & 1) == 1;
        var dither = ((h >> 8) & 0xFFFFFF) / (float)(1 << 24);
        return (bit, flip, dither);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
