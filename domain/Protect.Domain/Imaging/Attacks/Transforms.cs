using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Domain.Imaging.Attacks;

/// <summary>Attack primitives (all return a new image; seeds make the random ones reproducible).</summary>
public static class Transforms
{
    public static Image<Rgba32> Jpeg(Image<Rgba32> image, int quality) =>
        RoundTrip(image, s => image.SaveAsJpeg(s, new JpegEncoder { Quality = quality }));

    public static Image<Rgba32> Webp(Image<Rgba32> image, int quality) =>
        RoundTrip(image, s => image.SaveAsWebp(s, new WebpEncoder { Quality = quality, FileFormat = WebpFileFormatType.Lossy }));

    /// <summary>ImageSharp's default resampler (bicubic).</summary>
    public static Image<Rgba32> Resize(Image<Rgba32> image, double factor)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Clone(c => c.Resize(Math.Max(1, (int)Math.Round(image.Width * factor)), Math.Max(1, (int)Math.Round(image.Height * factor))));
    }

    /// <summary>Keeps <paramref name="fraction"/> of the area with the same aspect ratio, at a seeded position.</summary>
    public static Image<Rgba32> CropArea(Image<Rgba32> image, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(image);
        var side = Math.Sqrt(fraction);
        var w = Math.Max(1, (int)Math.Round(image.Width * side));
        var h = Math.Max(1, (int)Math.Round(image.Height * side));
        var random = new Random(seed);
        var x = random.Next(image.Width - w + 1);
        var y = random.Next(image.Height - h + 1);
        return image.Clone(c => c.Crop(new Rectangle(x, y, w, h)));
    }

    /// <summary>Rotates (clockwise degrees), then crops the largest centred rectangle of the original aspect that holds no border.</summary>
    public static Image<Rgba32> RotateAndCrop(Image<Rgba32> image, double degrees)
    {
        ArgumentNullException.ThrowIfNull(image);
        double w = image.Width, h = image.Height;
        var a = Math.Abs(degrees) * Math.PI / 180;
        double cos = Math.Cos(a), sin = Math.Sin(a);
        var k = Math.Min(w / ((w * cos) + (h * sin)), h / ((w * sin) + (h * cos)));
        var rotated = image.Clone(c => c.Rotate((float)degrees));
        var cw = (int)Math.Floor(w * k) - 2;
        var ch = (int)Math.Floor(h * k) - 2;
        var x = (rotated.Width - cw) / 2;
        var y = (rotated.Height - ch) / 2;
        rotated.Mutate(c => c.Crop(new Rectangle(x, y, cw, ch)));
        return rotated;
    }

    public static Image<Rgba32> Gamma(Image<Rgba32> image, double gamma)
    {
        var table = new byte[256];
        for (var v = 0; v < 256; v++)
            table[v] = (byte)Math.Clamp(Math.Round(255 * Math.Pow(v / 255.0, gamma)), 0, 255);
        return MapPixels(image, p => new Rgba32(table[p.R], table[p.G], table[p.B], p.A));
    }

    /// <summary>3×3 median per channel, edges replicated.</summary>
    public static Image<Rgba32> Median3(Image<Rgba32> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = image.Clone();
        int w = image.Width, h = image.Height;
        Span<byte> r = stackalloc byte[9], g = stackalloc byte[9], b = stackalloc byte[9];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var n = 0;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var p = image[Math.Clamp(x + dx, 0, w - 1), Math.Clamp(y + dy, 0, h - 1)];
                        r[n] = p.R;
                        g[n] = p.G;
                        b[n] = p.B;
                        n++;
                    }
                }
                r.Sort();
                g.Sort();
                b.Sort();
                result[x, y] = new Rgba32(r[4], g[4], b[4], image[x, y].A);
            }
        }
        return result;
    }

    /// <summary>Independent Gaussian noise of <paramref name="sigma"/> grey levels on each channel.</summary>
    public static Image<Rgba32> GaussianNoise(Image<Rgba32> image, double sigma, int seed)
    {
        var random = new Random(seed);
        byte Noisy(byte v)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var n = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return (byte)Math.Clamp(Math.Round(v + (sigma * n)), 0, 255);
        }
        return MapPixels(image, p => new Rgba32(Noisy(p.R), Noisy(p.G), Noisy(p.B), p.A));
    }

    /// <summary>A typical re-share: downscale to 70%, crop to 80% of the area at a seeded position, JPEG 70.</summary>
    public static Image<Rgba32> Screenshot(Image<Rgba32> image, int seed)
    {
        using var small = Resize(image, 0.7);
        using var cropped = CropArea(small, 0.8, seed);
        return Jpeg(cropped, 70);
    }

    /// <summary>An opaque "logo": a seeded-colour block with text-like bars covering <paramref name="fraction"/> of the area.</summary>
    public static Image<Rgba32> Logo(Image<Rgba32> image, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(image);
        var random = new Random(seed);
        var w = (int)Math.Round(image.Width * Math.Sqrt(fraction) * 1.3);
        var h = (int)Math.Round(image.Width * image.Height * fraction / w);
        w = Math.Min(w, image.Width);
        h = Math.Min(h, image.Height);
        var x0 = random.Next(image.Width - w + 1);
        var y0 = random.Next(image.Height - h + 1);
        var background = new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        var ink = new Rgba32((byte)(255 - background.R), (byte)(255 - background.G), (byte)(255 - background.B));
        var result = image.Clone();
        var barHeight = Math.Max(2, h / 10);
        for (var y = 0; y < h; y++)
        {
            var line = (y / barHeight) % 2 == 1;
            for (var x = 0; x < w; x++)
            {
                // Glyph-like runs on the text lines: on/off every few pixels, seeded by position.
                var glyph = line && ((x / Math.Max(2, barHeight / 2)) + (y / barHeight)) % 3 != 0;
                result[x0 + x, y0 + y] = glyph ? ink : background;
            }
        }
        return result;
    }

    private static Image<Rgba32> MapPixels(Image<Rgba32> image, Func<Rgba32, Rgba32> map)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = image.Clone();
        result.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (ref var p in rows.GetRowSpan(y))
                    p = map(p);
            }
        });
        return result;
    }

    private static Image<Rgba32> RoundTrip(Image<Rgba32> image, Action<Stream> save)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var stream = new MemoryStream();
        save(stream);
        stream.Position = 0;
        return Image.Load<Rgba32>(stream);
    }
}
