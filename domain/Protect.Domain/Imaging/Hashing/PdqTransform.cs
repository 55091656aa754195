namespace Protect.Domain.Imaging.Hashing;

/// <summary>
/// PDQ's second stage on the 64x64 luma: quality from image-domain gradients, the 16x16 lowest non-DC DCT
/// frequencies, the eight dihedral versions of that block, and one bit per coefficient above the block's median.
/// </summary>
internal static class PdqTransform
{
    public const int Block = 16;
    private const int N = PdqDownsampler.Size;

    /// <summary>Rows of the DCT-II basis for frequencies 1..16 (DC is skipped: it only carries mean brightness).</summary>
    private static readonly float[] Basis = BuildBasis();

    /// <summary>
    /// The dihedral group on the coefficient block. Mirroring a 64-sample axis multiplies frequency k by (-1)^k, so
    /// with frequency = index + 1 the even indices change sign; a transpose of the image transposes the block.
    /// Entry = (transpose, negate even rows, negate even columns); the resulting block is the DCT the image would
    /// have after the named operation (ImageSharp's clockwise rotation).
    /// </summary>
    private static readonly (bool Transpose, bool Rows, bool Columns)[] Dihedral =
    [
        (false, false, false), // identity
        (true, false, true),   // rotate 90 clockwise
        (false, true, true),   // rotate 180
        (true, true, false),   // rotate 270 clockwise
        (false, false, true),  // flip horizontally (mirror left-right)
        (false, true, false),  // flip vertically
        (true, false, false),  // transpose (mirror about the main diagonal)
        (true, true, true),    // anti-transpose
    ];

    public static int DihedralCount => Dihedral.Length;

    /// <summary>Meta's heuristic: sum of quantized neighbour differences (percent of full scale) / 90, capped at 100.</summary>
    public static int Quality(ReadOnlySpan<float> image64)
    {
        var sum = 0;
        for (var i = 0; i < N; i++)
        {
            for (var j = 0; j < N; j++)
            {
                var v = image64[(i * N) + j];
                if (i + 1 < N) sum += Math.Abs((int)((v - image64[((i + 1) * N) + j]) * 100 / 255));
                if (j + 1 < N) sum += Math.Abs((int)((v - image64[(i * N) + j + 1]) * 100 / 255));
            }
        }
        return Math.Min(100, sum / 90);
    }

    /// <summary>B = D A Dt with D the 16x64 basis: 16x16 coefficients, row = vertical frequency.</summary>
    public static void Dct(ReadOnlySpan<float> image64, Span<float> coefficients)
    {
        Span<float> t = stackalloc float[Block * N]; // D A
        for (var i = 0; i < Block; i++)
        {
            var d = Basis.AsSpan(i * N, N);
            var row = t.Slice(i * N, N);
            row.Clear();
            for (var k = 0; k < N; k++)
            {
                var dk = d[k];
                var a = image64.Slice(k * N, N);
                for (var j = 0; j < N; j++)
                    row[j] += dk * a[j];
            }
        }
        for (var i = 0; i < Block; i++)
        {
            var row = t.Slice(i * N, N);
            for (var j = 0; j < Block; j++)
            {
                var d = Basis.AsSpan(j * N, N);
                var sum = 0f;
                for (var k = 0; k < N; k++)
                    sum += row[k] * d[k];
                coefficients[(i * Block) + j] = sum;
            }
        }
    }

    /// <summary>The block of dihedral variant <paramref name="variant"/> (see <see cref="Dihedral"/>).</summary>
    public static void ApplyDihedral(ReadOnlySpan<float> coefficients, int variant, Span<float> result)
    {
        var (transpose, rows, columns) = Dihedral[variant];
        for (var u = 0; u < Block; u++)
        {
            for (var v = 0; v < Block; v++)
            {
                var value = transpose ? coefficients[(v * Block) + u] : coefficients[(u * Block) + v];
                var negate = (rows && (u & 1) == 0) ^ (columns && (v & 1) == 0);
                result[(u * Block) + v] = negate ? -value : value;
            }
        }
    }

    /// <summary>Bit k set when coefficient k exceeds the median: exactly 128 bits for 256 distinct values.</summary>
    public static PerceptualHash Quantize(ReadOnlySpan<float> coefficients)
    {
        Span<float> sorted = stackalloc float[Block * Block];
        coefficients.CopyTo(sorted);
        sorted.Sort();
        var median = sorted[(Block * Block / 2) - 1];
        Span<ulong> words = stackalloc ulong[4];
        for (var k = 0; k < Block * Block; k++)
        {
            if (coefficients[k] > median)
                words[k >> 6] |= 1UL << (k & 63);
        }
        return PerceptualHash.FromWords(words);
    }

    private static float[] BuildBasis()
    {
        var basis = new float[Block * N];
        var scale = Math.Sqrt(2.0 / N);
        for (var i = 0; i < Block; i++)
        {
            for (var j = 0; j < N; j++)
                basis[(i * N) + j] = (float)(scale * Math.Cos(Math.PI / (2.0 * N) * (i + 1) * ((2 * j) + 1)));
        }
        return basis;
    }
}
