using Protect.Domain.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Splats.Rendering;

public sealed record RenderFidelity(double MeanPsnr, double MinPsnr, double MeanSsim, int Views);

/// <summary>Original versus protected over N orbit views: the fidelity metrics and the portal's previews.</summary>
public static class RenderComparison
{
    public static RenderFidelity Compare(GaussianScene original, GaussianScene protectedScene, int views = 8, int width = 400, int height = 300)
    {
        ArgumentNullException.ThrowIfNull(original);
        var cameras = Camera.Orbit(original, views, width, height);
        double psnr = 0, ssim = 0, min = double.MaxValue;
        foreach (var camera in cameras)
        {
            using var a = ToImage(SplatRenderer.Render(original, camera), width, height);
            using var b = ToImage(SplatRenderer.Render(protectedScene, camera), width, height);
            var p = ImageQuality.Psnr(a, b);
            psnr += p;
            min = Math.Min(min, p);
            ssim += ImageQuality.Ssim(a, b);
        }
        return new RenderFidelity(psnr / views, min, ssim / views, views);
    }

    public static Image<Rgba32> ToImage(float[] rgb, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        var image = new Image<Rgba32>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var o = (y * width + x) * 3;
                    row[x] = new Rgba32(Byte(rgb[o]), Byte(rgb[o + 1]), Byte(rgb[o + 2]), 255);
                }
            }
        });
        return image;
    }

    private static byte Byte(float v) => (byte)Math.Clamp(MathF.Round(v * 255f), 0f, 255f);
}
