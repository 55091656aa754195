using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Keys;

namespace Protect.Domain.Splats.Watermarking;

/// <summary>
/// Hidden text on chroma axis 0. Carriers are chosen by a keyed hash of the Gaussian's spatial cell (order-free,
/// robust to pruning and small moves); one cell in eight carries the 32-bit header (16-bit length + 16-bit keyed
/// check), the rest the convolutionally coded UTF-8 bytes + keyed CRC32. Every Gaussian votes; the reader sums soft
/// votes per coded bit, so removal and noise only thin and blur the votes. The cell edge is the coarsest power of two
/// leaving at least <see cref="CellsPerCodedBit"/> occupied cells per coded bit; the reader tries every exponent.
/// </summary>
internal sealed class SplatTextChannel(WatermarkKey key, float step, float strength)
{
    public const int MaxBytes = 1024;
    private const int HeaderBits = 32;
    private const int CellsPerCodedBit = 2;
    private const float OpacityBin = 1f;
    private const float ScaleBin = 0.5f;
    private readonly (ulong K0, ulong K1) _seed = SplatChroma.Seed(key.Derive("splat-message-text-v1"));
    private readonly byte[] _check = key.Derive("splat-message-text-check-v1");

    public static IEnumerable<int> SearchExponents(GaussianScene s)
    {
        var top = SplatMarkLayout.ExponentFor(SplatWatermarkEngine.CoreExtent(s)) + 3;
        for (var e = top; e >= top - 16; e--) yield return e;
    }

    /// <summary>Embeds and returns the cell exponent used.</summary>
    public int Embed(GaussianScene s, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (bytes.Length > MaxBytes) throw new ArgumentException($"The hidden text is {bytes.Length} UTF-8 bytes; at most {MaxBytes} fit.", nameof(text));
        var info = SplatChroma.WithCrcBits(_check, bytes);
        var coded = ConvolutionalCode.Encode(info);
        var exponent = PickExponent(s, coded.Length);
        var cell = MathF.Pow(2, exponent);
        var header = HeaderWord(bytes.Length);
        Parallel.For(0, s.Count, i =>
        {
            var (isHeader, h) = At(s, i, cell);
            var bit = isHeader ? ((header >> (HeaderBits - 1 - SplatChroma.Slot(h, HeaderBits))) & 1) == 1 : coded[SplatChroma.Slot(h, coded.Length)] == 1;
            SplatChroma.Embed(s, i, 0, bit, (h & 1) == 1, SplatChroma.Dither(h), step, strength);
        });
        return exponent;
    }

    public string? Extract(GaussianScene s)
    {
        foreach (var exponent in SearchExponents(s))
        {
            var cell = MathF.Pow(2, exponent);
            var header = new float[HeaderBits];
            for (var i = 0; i < s.Count; i++)
            {
                var (isHeader, h) = At(s, i, cell);
                if (isHeader) header[SplatChroma.Slot(h, HeaderBits)] += SplatChroma.Vote(s, i, 0, (h & 1) == 1, SplatChroma.Dither(h), step);
            }
            var word = (uint)SplatChroma.ReadBits(header, 0, HeaderBits);
            var length = (int)(word >> 16);
            if (length > MaxBytes || HeaderWord(length) != word) continue;
            var infoBits = (length + 4) * 8;
            var soft = new float[ConvolutionalCode.CodedLength(infoBits)];
            for (var i = 0; i < s.Count; i++)
            {
                var (isHeader, h) = At(s, i, cell);
                if (!isHeader) soft[SplatChroma.Slot(h, soft.Length)] += SplatChroma.Vote(s, i, 0, (h & 1) == 1, SplatChroma.Dither(h), step);
            }
            var norm = MathF.Sqrt(soft.Sum(v => v * v) / soft.Length) + 1e-9f;
            for (var k = 0; k < soft.Length; k++) soft[k] /= norm;
            var data = SplatChroma.CheckCrc(_check, ConvolutionalCode.Decode(soft, infoBits));
            if (data is null) continue;
            try { return new System.Text.UTF8Encoding(false, true).GetString(data); }
            catch (System.Text.DecoderFallbackException) { continue; }
        }
        return null;
    }

    private uint HeaderWord(int length) => ((uint)length << 16) | (uint)(SplatChroma.Mix(_seed.K1 ^ (ulong)length * 0x9E3779B97F4A7C15UL) & 0xFFFF);

    private (bool IsHeader, ulong Hash) At(GaussianScene s, int i, float cell)
    {
        var (x, y, z, o, sc) = Cell(s, i, cell);
        var h = SplatChroma.Mix(_seed.K0 ^ (ulong)x);
        h = SplatChroma.Mix(h ^ _seed.K1 ^ (ulong)y);
        h = SplatChroma.Mix(h + _seed.K0 ^ (ulong)z * 0x9E3779B97F4A7C15UL);
        h = SplatChroma.Mix(h ^ (ulong)o << 20 ^ (ulong)sc);
        return ((h >> 24 & 7) == 0, h);
    }

    /// <summary>The spatial cell refined by coarse opacity and size bins: more distinct carriers per spatial cell,
    /// each stable under 1% noise (bins are many times the noise of those attributes).</summary>
    private static (long, long, long, long, long) Cell(GaussianScene s, int i, float cell) =>
        ((long)MathF.Floor(s.Positions[i * 3] / cell), (long)MathF.Floor(s.Positions[i * 3 + 1] / cell), (long)MathF.Floor(s.Positions[i * 3 + 2] / cell),
         (long)MathF.Floor(s.Opacities[i] / OpacityBin), (long)MathF.Floor((s.Scales[i * 3] + s.Scales[i * 3 + 1] + s.Scales[i * 3 + 2]) / 3 / ScaleBin));

    /// <summary>The coarsest exponent with <see cref="CellsPerCodedBit"/> distinct carriers per coded bit, else the
    /// coarsest with half that (long texts on small scenes: exact when intact, less robust to noise).</summary>
    private static int PickExponent(GaussianScene s, int codedBits)
    {
        int? fallback = null;
        foreach (var e in SearchExponents(s))
        {
            var cell = MathF.Pow(2, e);
            var cells = new HashSet<(long, long, long, long, long)>();
            for (var i = 0; i < s.Count; i++) cells.Add(Cell(s, i, cell));
            var bodyCells = cells.Count * 7 / 8;
            if (bodyCells >= CellsPerCodedBit * codedBits) return e;
            if (fallback is null && bodyCells >= CellsPerCodedBit / 2 * codedBits) fallback = e;
        }
        return fallback ?? throw new InvalidOperationException($"The scene has too few Gaussians ({s.Count}) to hide {codedBits} coded text bits; shorten the text.");
    }
}
