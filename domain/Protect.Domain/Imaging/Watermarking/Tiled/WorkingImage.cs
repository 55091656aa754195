using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Watermarking.Tiled;

/// <summary>
/// The detector's view of an image: luma area-averaged down to at most ~512 px on the short side (cells of 3 px
/// and more at the embedder's sizes, so the mark survives the reduction and a 12 MP image costs one pass), then
/// whitened: the 5×5 local mean is subtracted (the host lives at low frequencies, the mark at high ones) and the
/// residual is divided by its local RMS, so edges and texture do not drown the flat-but-marked areas.
/// </summary>
internal sealed class WorkingImage
{
    private const int ShortSide = 512;
    private const int LongSide = 1024;

    /// <summary>Gray levels added to the local RMS: stops noise in perfectly flat areas from being blown up.</summary>
    private const float RmsFloor = 1f;

    private const float Clip = 4f;
    private const int MeanRadius = 2;
    private const int RmsRadius = 4;

    private WorkingImage(float[] values, int width, int height, double scale)
    {
        Values = values;
        Width = width;
        Height = height;
        Scale = scale;
    }

    /// <summary>Whitened residual, row-major.</summary>
    public float[] Values { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Working pixels per image pixel.</summary>
    public double Scale { get; }

    public static WorkingImage Create(Image<Rgba32> image, int maxThreads) => Create(image, maxThreads, 1);

    /// <summary>
    /// As above, with the whitened residual divided by the local RMS <paramref name="rmsPower"/> times in all: 2
    /// weights every pixel by the inverse of its host power, which is what a correlation with a weak additive mark
    /// wants (busy areas hold more host than mark).
    /// </summary>
    public static WorkingImage Create(Image<Rgba32> image, int maxThreads, int rmsPower)
    {
        ArgumentNullException.ThrowIfNull(image);
        var scale = Math.Min(1.0, Math.Min(ShortSide / (double)Math.Min(image.Width, image.Height), LongSide / (double)Math.Max(image.Width, image.Height)));
        var width = Math.Max(1, (int)Math.Round(image.Width * scale));
        var height = Math.Max(1, (int)Math.Round(image.Height * scale));
        var luma = Downscale(image, width, height, maxThreads);
        var whitened = Whiten(luma, width, height, rmsPower);
        return new WorkingImage(whitened, width, height, (double)width / image.Width);
    }

    /// <summary>Each source pixel goes to the working pixel that contains its centre; the sum is averaged.</summary>
    private static float[] Downscale(Image<Rgba32> image, int width, int height, int maxThreads)
    {
        int sw = image.Width, sh = image.Height;
        var column = new int[sw];
        for (var x = 0; x < sw; x++)
            column[x] = Math.Min(width - 1, (int)((x + 0.5) * width / sw));
        var result = new float[width * height];
        Parallel.For(0, height, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, ty =>
        {
            var y0 = (int)Math.Ceiling((ty * (double)sh / height) - 0.5);
            var y1 = (int)Math.Ceiling(((ty + 1) * (double)sh / height) - 0.5);
            y0 = Math.Clamp(y0, 0, sh);
            y1 = Math.Clamp(y1, y0, sh);
            var sums = new float[width];
            var counts = new int[width];
            for (var y = y0; y < y1; y++)
            {
                var pixels = image.DangerousGetPixelRowMemory(y).Span;
                for (var x = 0; x < sw; x++)
                {
                    sums[column[x]] += ImageQuality.Luma(pixels[x]);
                    counts[column[x]]++;
                }
            }
            for (var x = 0; x < width; x++)
                result[(ty * width) + x] = counts[x] > 0 ? sums[x] / counts[x] : 0;
        });
        return result;
    }

    private static float[] Whiten(float[] luma, int width, int height, int rmsPower)
    {
        var mean = BoxMean(luma, width, height, MeanRadius);
        var residual = new float[luma.Length];
        var squares = new float[luma.Length];
        for (var i = 0; i < luma.Length; i++)
        {
            residual[i] = luma[i] - mean[i];
            squares[i] = residual[i] * residual[i];
        }
        var power = BoxMean(squares, width, height, RmsRadius);
        for (var i = 0; i < residual.Length; i++)
        {
            var rms = MathF.Sqrt(Math.Max(power[i], 0)) + RmsFloor; // running sums can dip below 0
            residual[i] = Math.Clamp(residual[i] / rms, -Clip, Clip);
            for (var p = 1; p < rmsPower; p++)
                residual[i] /= rms;
        }
        return residual;
    }

    /// <summary>Separable box mean over (2r+1)², edges replicated, with running sums (cost independent of r).</summary>
    internal static float[] BoxMean(float[] values, int width, int height, int radius)
    {
        var rows = new float[values.Length];
        var result = new float[values.Length];
        var norm = 1f / ((2 * radius) + 1);
        for (var y = 0; y < height; y++)
        {
            var line = values.AsSpan(y * width, width);
            float sum = 0;
            for (var d = -radius; d <= radius; d++)
                sum += line[Math.Clamp(d, 0, width - 1)];
            for (var x = 0; x < width; x++)
            {
                rows[(y * width) + x] = sum * norm;
                sum += line[Math.Min(x + radius + 1, width - 1)] - line[Math.Max(x - radius, 0)];
            }
        }
        for (var x = 0; x < width; x++)
        {
            float sum = 0;
            for (var d = -radius; d <= radius; d++)
                sum += rows[(Math.Clamp(d, 0, height - 1) * width) + x];
            for (var y = 0; y < height; y++)
            {
                result[(y * width) + x] = sum * norm;
                sum += rows[(Math.Min(y + radius + 1, height - 1) * width) + x] - rows[(Math.Max(y - radius, 0) * width) + x];
            }
        }
        return result;
    }
}
