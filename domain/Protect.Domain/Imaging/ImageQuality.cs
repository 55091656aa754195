using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging;

/// <summary>Full-reference quality of a processed image against its original (same size). Streams rows; holds no planes.</summary>
public static class ImageQuality
{
    /// <summary>PSNR reported for identical images (the true value is infinite).</summary>
    public const double MaxPsnrDb = 100;

    private const int Window = 8;
    private const int Stride = 4;
    private const double C1 = 0.01 * 255 * 0.01 * 255;
    private const double C2 = 0.03 * 255 * 0.03 * 255;

    /// <summary>Peak signal-to-noise ratio in dB over the R, G and B channels (alpha ignored), capped at 100.</summary>
    public static double Psnr(Image<Rgba32> original, Image<Rgba32> processed)
    {
        CheckSizes(original, processed);
        var rowSums = new double[original.Height];
        Parallel.For(0, original.Height, y =>
        {
            var a = original.DangerousGetPixelRowMemory(y).Span;
            var b = processed.DangerousGetPixelRowMemory(y).Span;
            long sum = 0;
            for (var x = 0; x < a.Length; x++)
            {
                int dr = a[x].R - b[x].R, dg = a[x].G - b[x].G, db = a[x].B - b[x].B;
                sum += (dr * dr) + (dg * dg) + (db * db);
            }
            rowSums[y] = sum;
        });
        return PsnrFromMse(rowSums.Sum() / (3.0 * original.Width * original.Height));
    }

    /// <summary>BT.601 luma; adding the same value to R, G and B adds exactly that value to it.</summary>
    internal static float Luma(Rgba32 p) => (0.299f * p.R) + (0.587f * p.G) + (0.114f * p.B);

    public static double PsnrFromMse(double mse) =>
        mse <= 0 ? MaxPsnrDb : Math.Min(MaxPsnrDb, 10 * Math.Log10(255.0 * 255.0 / mse));

    /// <summary>
    /// Mean SSIM (Wang et al. 2004) on BT.601 luma over 8×8 windows at a stride of 4; an image smaller than a
    /// window is one window. 1 for identical images.
    /// </summary>
    public static double Ssim(Image<Rgba32> original, Image<Rgba32> processed)
    {
        CheckSizes(original, processed);
        int width = original.Width, height = original.Height;
        int windowWidth = Math.Min(Window, width), windowHeight = Math.Min(Window, height);
        var columns = ((width - windowWidth) / Stride) + 1;
        var rows = ((height - windowHeight) / Stride) + 1;
        var rowSums = new double[rows];
        Parallel.For(0, rows, r =>
        {
            var top = r * Stride;
            var a = new float[windowHeight * width];
            var b = new float[windowHeight * width];
            for (var dy = 0; dy < windowHeight; dy++)
            {
                var rowA = original.DangerousGetPixelRowMemory(top + dy).Span;
                var rowB = processed.DangerousGetPixelRowMemory(top + dy).Span;
                for (var x = 0; x < width; x++)
                {
                    a[(dy * width) + x] = Luma(rowA[x]);
                    b[(dy * width) + x] = Luma(rowB[x]);
                }
            }
            double sum = 0;
            for (var c = 0; c < columns; c++)
                sum += WindowSsim(a, b, width, c * Stride, windowWidth, windowHeight);
            rowSums[r] = sum;
        });
        return rowSums.Sum() / ((double)rows * columns);
    }

    /// <summary>SSIM of one window of two luma strips (row-major with the given stride).</summary>
    internal static double WindowSsim(float[] a, float[] b, int stride, int left, int width, int height)
    {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = left; x < left + width; x++)
            {
                double va = a[(y * stride) + x], vb = b[(y * stride) + x];
                sa += va;
                sb += vb;
                saa += va * va;
                sbb += vb * vb;
                sab += va * vb;
            }
        }
        double n = width * height, ma = sa / n, mb = sb / n;
        var varA = (saa / n) - (ma * ma);
        var varB = (sbb / n) - (mb * mb);
        var cov = (sab / n) - (ma * mb);
        return ((2 * ma * mb) + C1) * ((2 * cov) + C2) / (((ma * ma) + (mb * mb) + C1) * (varA + varB + C2));
    }

    private static void CheckSizes(Image<Rgba32> original, Image<Rgba32> processed)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(processed);
        if (original.Width != processed.Width || original.Height != processed.Height)
            throw new ArgumentException(
                $"Images differ in size: {original.Width}x{original.Height} vs {processed.Width}x{processed.Height}.", nameof(processed));
    }
}
