using Protect.Domain.Imaging;
using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Cli.Bench;

internal sealed record SampleFigures(string Method, string Name, string File, double Psnr, int MaxChange, double ChangedFraction);

/// <summary>
/// The invisibility check the eye does best: a flat gray and a sky gradient, marked at default strength, a
/// central crop shown at 200% (nearest neighbour, so nothing is smoothed away) beside the unmarked crop; once
/// per engine, the file names prefixed with the method's slug.
/// </summary>
internal static class SmoothSamples
{
    public static List<SampleFigures> Write(Action<Image<Rgba32>, WatermarkKey, ulong> embed, string method, WatermarkKey key, string directory)
    {
        Directory.CreateDirectory(directory);
        var result = new List<SampleFigures>();
        using (var gray = new Image<Rgba32>(768, 512, new Rgba32(128, 128, 128)))
            result.Add(Sample(embed, method, key, gray, "flat-gray", directory));
        using (var sky = new Image<Rgba32>(768, 512))
        {
            sky.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var t = y / (double)(rows.Height - 1);
                    var color = new Rgba32((byte)(70 + (130 * t)), (byte)(130 + (95 * t)), (byte)(200 + (45 * t)));
                    rows.GetRowSpan(y).Fill(color);
                }
            });
            result.Add(Sample(embed, method, key, sky, "sky-gradient", directory));
        }
        return result;
    }

    private static SampleFigures Sample(Action<Image<Rgba32>, WatermarkKey, ulong> embed, string method, WatermarkKey key,
        Image<Rgba32> original, string name, string directory)
    {
        using var marked = original.Clone();
        embed(marked, key, 42);
        int maxChange = 0, changed = 0;
        for (var y = 0; y < original.Height; y++)
        {
            for (var x = 0; x < original.Width; x++)
            {
                var d = Math.Abs(marked[x, y].G - original[x, y].G);
                maxChange = Math.Max(maxChange, d);
                changed += d > 0 ? 1 : 0;
            }
        }
        var crop = new Rectangle(original.Width / 2 - 128, original.Height / 2 - 128, 256, 256);
        using var side = new Image<Rgba32>(1024 + 16, 512, new Rgba32(255, 255, 255));
        using var left = original.Clone(c => c.Crop(crop).Resize(512, 512, KnownResamplers.NearestNeighbor));
        using var right = marked.Clone(c => c.Crop(crop).Resize(512, 512, KnownResamplers.NearestNeighbor));
        side.Mutate(c => c.DrawImage(left, new Point(0, 0), 1f).DrawImage(right, new Point(528, 0), 1f));
        var file = $"{method}-{name}-200pct.png";
        side.SaveAsPng(Path.Combine(directory, file));
        return new SampleFigures(method, name, file, ImageQuality.Psnr(original, marked), maxChange, changed / (double)(original.Width * original.Height));
    }
}
