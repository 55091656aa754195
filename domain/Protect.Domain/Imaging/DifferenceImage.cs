using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Domain.Imaging;

/// <summary>
/// Makes the invisible visible: the per-channel difference between original and protected copy, amplified around
/// mid-gray, so owners can see where (and how little) the watermark changed.
/// </summary>
public static class DifferenceImage
{
    public const int Gain = 20;
    public const int MaxPreviewWidth = 1024;

    public static void Write(Image<Rgba32> original, Image<Rgba32> marked, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(marked);
        using var diff = new Image<Rgba32>(original.Width, original.Height);
        original.ProcessPixelRows(marked, diff, (a, b, d) =>
        {
            for (var y = 0; y < a.Height; y++)
            {
                var ra = a.GetRowSpan(y);
                var rb = b.GetRowSpan(y);
                var rd = d.GetRowSpan(y);
                for (var x = 0; x < ra.Length; x++)
                    rd[x] = new Rgba32(Amplify(ra[x].R, rb[x].R), Amplify(ra[x].G, rb[x].G), Amplify(ra[x].B, rb[x].B), 255);
            }
        });
        if (diff.Width > MaxPreviewWidth)
            diff.Mutate(c => c.Resize(MaxPreviewWidth, 0));
        diff.SaveAsPng(destination);
    }

    internal static byte Amplify(byte original, byte marked) => (byte)Math.Clamp(128 + Gain * (marked - original), 0, 255);
}
