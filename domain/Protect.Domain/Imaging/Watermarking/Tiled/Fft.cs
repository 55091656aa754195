namespace Protect.Domain.Imaging.Watermarking.Tiled;

/// <summary>
/// In-place radix-2 complex FFT on split real/imaginary float arrays, and 2-D transforms of row-major planes.
/// Small and dependency-free: the synchronization needs one autocorrelation and a few tile correlations, not a
/// general signal-processing library.
/// </summary>
internal static class Fft
{
    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    public static int NextPowerOfTwo(int n)
    {
        var p = 1;
        while (p < n)
            p <<= 1;
        return p;
    }

    /// <summary>Forward (e^-i) or inverse (e^+i, unscaled) transform of one line.</summary>
    public static void Transform(Span<float> re, Span<float> im, bool inverse)
    {
        var n = re.Length;
        if (!IsPowerOfTwo(n) || im.Length != n)
            throw new ArgumentException("Length must be a power of two and match.", nameof(re));
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
                j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        for (var len = 2; len <= n; len <<= 1)
        {
            var angle = (inverse ? 2 : -2) * Math.PI / len;
            var half = len >> 1;
            for (var k = 0; k < half; k++)
            {
                var wr = (float)Math.Cos(angle * k);
                var wi = (float)Math.Sin(angle * k);
                for (var s = k; s < n; s += len)
                {
                    var t = s + half;
                    var xr = (re[t] * wr) - (im[t] * wi);
                    var xi = (re[t] * wi) + (im[t] * wr);
                    re[t] = re[s] - xr;
                    im[t] = im[s] - xi;
                    re[s] += xr;
                    im[s] += xi;
                }
            }
        }
    }

    /// <summary>2-D transform of a width×height plane (both powers of two): rows, then columns.</summary>
    public static void Transform2D(float[] re, float[] im, int width, int height, bool inverse, int maxThreads = -1)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxThreads };
        Parallel.For(0, height, options, y => Transform(re.AsSpan(y * width, width), im.AsSpan(y * width, width), inverse));
        Parallel.For(0, width, options, () => (new float[height], new float[height]), (x, _, buffers) =>
        {
            var (cr, ci) = buffers;
            for (var y = 0; y < height; y++)
            {
                cr[y] = re[(y * width) + x];
                ci[y] = im[(y * width) + x];
            }
            Transform(cr, ci, inverse);
            for (var y = 0; y < height; y++)
            {
                re[(y * width) + x] = cr[y];
                im[(y * width) + x] = ci[y];
            }
            return buffers;
        }, _ => { });
    }
}
