using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TorchSharp;
using static TorchSharp.torch;

namespace Protect.Ml.Attribution;

/// <summary>Pixels in and out of torch: float RGB in [0, 1], channels first.</summary>
public static class ImageTensors
{
    /// <summary>The whole image as a [3, H, W] float tensor on the CPU.</summary>
    public static Tensor ToTensor(Image<Rgba32> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return FromPixels(image, 0, 0, image.Width, image.Height);
    }

    /// <summary>A [3, h, w] window of the image; the window must lie inside it.</summary>
    public static Tensor FromPixels(Image<Rgba32> image, int x0, int y0, int w, int h)
    {
        ArgumentNullException.ThrowIfNull(image);
        var data = new float[3 * w * h];
        var plane = w * h;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < h; y++)
            {
                var row = rows.GetRowSpan(y0 + y).Slice(x0, w);
                for (var x = 0; x < w; x++)
                {
                    var p = row[x];
                    var i = y * w + x;
                    data[i] = p.R / 255f;
                    data[plane + i] = p.G / 255f;
                    data[2 * plane + i] = p.B / 255f;
                }
            }
        });
        return tensor(data, [3, h, w]);
    }

    /// <summary>A [3, H, W] (or [1, 3, H, W]) tensor back to 8-bit pixels, clamped and rounded like a saved file.</summary>
    public static Image<Rgba32> ToImage(Tensor pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        using var scope = NewDisposeScope();
        var t = pixels.dim() == 4 ? pixels[0] : pixels;
        if (t.isnan().any().item<bool>()) throw new InvalidOperationException("Pixels contain NaN.");
        var h = (int)t.shape[1];
        var w = (int)t.shape[2];
        var bytes = t.detach().cpu().clamp(0, 1).mul(255).round().to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        var image = new Image<Rgba32>(w, h);
        var plane = w * h;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < h; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < w; x++)
                {
                    var i = y * w + x;
                    row[x] = new Rgba32(bytes[i], bytes[plane + i], bytes[2 * plane + i], 255);
                }
            }
        });
        return image;
    }

    /// <summary>
    /// <paramref name="count"/> patch corners on an even grid over the image (deterministic: a prediction does not
    /// depend on a random draw). Images smaller than a patch are handled by the caller (upscaled).
    /// </summary>
    public static IReadOnlyList<(int X, int Y)> GridCorners(int width, int height, int patch, int count)
    {
        var cols = Math.Max(1, (int)Math.Round(Math.Sqrt(count * (double)width / height)));
        var rows = Math.Max(1, (count + cols - 1) / cols);
        var corners = new List<(int, int)>(rows * cols);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols && corners.Count < count; c++)
            {
                var x = cols == 1 ? (width - patch) / 2 : (int)Math.Round(c * (width - patch) / (double)(cols - 1));
                var y = rows == 1 ? (height - patch) / 2 : (int)Math.Round(r * (height - patch) / (double)(rows - 1));
                corners.Add((x, y));
            }
        }
        return corners;
    }

    /// <summary>Grid patches of an image as [N, 3, P, P]; a too-small image is first upscaled (bicubic) to fit one patch.</summary>
    public static Tensor GridPatches(Image<Rgba32> image, int patch, int count)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width < patch || image.Height < patch)
        {
            var scale = (double)patch / Math.Min(image.Width, image.Height);
            using var larger = image.Clone(c => c.Resize((int)Math.Ceiling(image.Width * scale), (int)Math.Ceiling(image.Height * scale)));
            return GridPatches(larger, patch, count);
        }
        var corners = GridCorners(image.Width, image.Height, patch, count);
        var list = corners.Select(c => FromPixels(image, c.X, c.Y, patch, patch)).ToArray();
        try
        {
            return stack(list);
        }
        finally
        {
            foreach (var t in list) t.Dispose();
        }
    }
}
