namespace Protect.Domain.Forensics;

/// <summary>
/// The 8×8 DCT of the luma on the JPEG grid (origin 0,0), computed once for the passive clues: error level
/// (re-quantization loss) and double-quantization traces read the same coefficients.
/// </summary>
internal sealed class JpegBlocks
{
    public const int N = 8;

    /// <summary>Standard JPEG luminance table (quality 50), zig-zag free row-major [v*8+u].</summary>
    public static readonly int[] LumaTable =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    /// <summary>Basis [u*8+x], flat so the inner loops index a span.</summary>
    private static readonly float[] Cos = BuildCos();

    private JpegBlocks(int cols, int rows, float[] coefficients)
    {
        Cols = cols;
        Rows = rows;
        Coefficients = coefficients;
    }

    public int Cols { get; }
    public int Rows { get; }

    /// <summary>Per block 64 coefficients (JPEG scaling: orthonormal 2-D DCT), block-major.</summary>
    public float[] Coefficients { get; }

    public static JpegBlocks From(LumaPlane luma)
    {
        ArgumentNullException.ThrowIfNull(luma);
        int cols = luma.Width / N, rows = luma.Height / N, width = luma.Width;
        var coefficients = new float[cols * rows * 64];
        var values = luma.Values;
        Parallel.For(0, rows, j =>
        {
            Span<float> block = stackalloc float[64];
            Span<float> half = stackalloc float[64];
            for (var i = 0; i < cols; i++)
            {
                for (var y = 0; y < N; y++)
                {
                    for (var x = 0; x < N; x++)
                        block[(y * N) + x] = values[(((j * N) + y) * width) + (i * N) + x] - 128f;
                }
                ReadOnlySpan<float> cos = Cos;
                for (var y = 0; y < N; y++)
                {
                    var line = block.Slice(y * N, N);
                    for (var u = 0; u < N; u++)
                    {
                        var basis = cos.Slice(u * N, N);
                        float s = 0;
                        for (var x = 0; x < N; x++)
                            s += basis[x] * line[x];
                        half[(y * N) + u] = s;
                    }
                }
                var target = coefficients.AsSpan(((j * cols) + i) * 64, 64);
                for (var v = 0; v < N; v++)
                {
                    for (var u = 0; u < N; u++)
                    {
                        float s = 0;
                        for (var y = 0; y < N; y++)
                            s += cos[(v * N) + y] * half[(y * N) + u];
                        target[(v * N) + u] = s;
                    }
                }
            }
        });
        return new JpegBlocks(cols, rows, coefficients);
    }

    /// <summary>Quantization table of the standard JPEG encoder at a quality (IJG scaling).</summary>
    public static int[] TableFor(int quality)
    {
        var scale = quality < 50 ? 5000 / quality : 200 - (2 * quality);
        return [.. LumaTable.Select(q => Math.Clamp(((q * scale) + 50) / 100, 1, 255))];
    }

    private static float[] BuildCos()
    {
        var c = new float[N * N];
        for (var u = 0; u < N; u++)
        {
            var scale = u == 0 ? Math.Sqrt(1.0 / N) : Math.Sqrt(2.0 / N);
            for (var x = 0; x < N; x++)
                c[(u * N) + x] = (float)(scale * Math.Cos(((2 * x) + 1) * u * Math.PI / (2 * N)));
        }
        return c;
    }
}
