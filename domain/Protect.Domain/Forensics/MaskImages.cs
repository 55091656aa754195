using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Forensics;

/// <summary>PNG renderings of a report: the thresholded mask, the overlay on the suspect, a clue's heat map.</summary>
public static class MaskImages
{
    /// <summary>Grayscale PNG of the suspect's size: white where tampered, black elsewhere.</summary>
    public static void WriteMask(TamperMask mask, Stream output)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var flags = mask.Thresholded();
        using var image = new Image<L8>(mask.Width, mask.Height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = new L8(flags[(y * mask.Width) + x] ? (byte)255 : (byte)0);
            }
        });
        image.Save(output, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
    }

    /// <summary>The suspect with tampered pixels tinted red (by probability) and the 0.5 contour solid.</summary>
    public static Image<Rgba32> Overlay(Image<Rgba32> suspect, TamperMask mask)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(mask);
        var p = mask.PixelProbability();
        var result = suspect.Clone();
        int width = mask.Width;
        result.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var v = p[(y * width) + x];
                    var edge = v >= TamperMask.Threshold && (x == 0 || y == 0 || x == width - 1 || y == rows.Height - 1
                        || p[(y * width) + x - 1] < TamperMask.Threshold || p[(y * width) + x + 1] < TamperMask.Threshold
                        || p[((y - 1) * width) + x] < TamperMask.Threshold || p[((y + 1) * width) + x] < TamperMask.Threshold);
                    var a = edge ? 1f : 0.55f * Math.Clamp(v, 0, 1);
                    ref var px = ref row[x];
                    px = new Rgba32((byte)((px.R * (1 - a)) + (255 * a)), (byte)(px.G * (1 - a)), (byte)(px.B * (1 - a)), px.A);
                }
            }
        });
        return result;
    }

    /// <summary>A clue's heat map as a grayscale PNG at the suspect's size (white = hot).</summary>
    public static void WriteHeat(HeatMap heat, int width, int height, Stream output)
    {
        ArgumentNullException.ThrowIfNull(heat);
        var p = new TamperMask(width, height, heat.Cols, heat.Rows, heat.Values).PixelProbability();
        using var image = new Image<L8>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = new L8((byte)Math.Clamp(p[(y * width) + x] * 255, 0, 255));
            }
        });
        image.Save(output, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
    }
}
