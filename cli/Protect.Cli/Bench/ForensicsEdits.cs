using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Cli.Bench;

/// <summary>An edited picture and its ground truth (true where the edit changed the picture), row-major.</summary>
internal sealed record EditedImage(Image<Rgba32> Image, bool[] Truth, double AreaPercent) : IDisposable
{
    public void Dispose() => Image.Dispose();
}

/// <summary>
/// The local edits the forensics benchmark makes itself, each over a seeded rectangle (text: its box) of a given
/// share of the picture: splice from another photo, copy-move within the picture, diffusion-like fill (object
/// removal), local blur (retouch) and text.
/// </summary>
internal static class ForensicsEdits
{
    public static readonly string[] Kinds = ["splice", "copy-move", "inpaint", "blur", "text"];

    public static EditedImage Apply(string kind, Image<Rgba32> host, Image<Rgba32> donor, double fraction, int seed)
    {
        var random = new Random(seed);
        var aspect = 0.6 + (random.NextDouble() * 0.8);
        var w = Math.Clamp((int)Math.Round(Math.Sqrt(fraction * host.Width * host.Height * aspect)), 8, host.Width - 2);
        var h = Math.Clamp((int)Math.Round(fraction * host.Width * host.Height / w), 8, host.Height - 2);
        var box = new Rectangle(random.Next(host.Width - w), random.Next(host.Height - h), w, h);
        var image = host.Clone();
        switch (kind)
        {
            case "splice":
                using (var source = donor.Clone(c => c.Resize(host.Width, host.Height)))
                    Copy(source, image, new Point(random.Next(host.Width - w), random.Next(host.Height - h)), box);
                break;
            case "copy-move":
                // The source must not overlap the target, or part of the "moved" content is where it was.
                var from = box.Location;
                for (var tries = 0; tries < 50 && Rectangle.Intersect(new Rectangle(from, box.Size), box) != Rectangle.Empty; tries++)
                    from = new Point(random.Next(host.Width - w), random.Next(host.Height - h));
                Copy(host, image, from, box);
                break;
            case "inpaint":
                Fill(image, box, random);
                break;
            case "blur":
                using (var blurred = host.Clone(c => c.GaussianBlur(3f)))
                    Copy(blurred, image, box.Location, box);
                break;
            case "text":
                Text(image, box, random);
                break;
            default:
                throw new ArgumentException($"Unknown edit {kind}.", nameof(kind));
        }
        var truth = new bool[host.Width * host.Height];
        for (var y = box.Top; y < box.Bottom; y++)
            Array.Fill(truth, true, (y * host.Width) + box.Left, box.Width);
        return new EditedImage(image, truth, 100.0 * box.Width * box.Height / (host.Width * host.Height));
    }

    private static void Copy(Image<Rgba32> source, Image<Rgba32> target, Point from, Rectangle to)
    {
        for (var y = 0; y < to.Height; y++)
        {
            for (var x = 0; x < to.Width; x++)
                target[to.X + x, to.Y + y] = source[from.X + x, from.Y + y];
        }
    }

    /// <summary>Object removal as a smooth fill: the border blended inwards (Coons patch) plus faint grain.</summary>
    private static void Fill(Image<Rgba32> image, Rectangle box, Random random)
    {
        var original = image.Clone();
        int x0 = Math.Max(0, box.Left - 1), x1 = Math.Min(image.Width - 1, box.Right), y0 = Math.Max(0, box.Top - 1), y1 = Math.Min(image.Height - 1, box.Bottom);
        for (var y = box.Top; y < box.Bottom; y++)
        {
            var v = (y - y0) / (double)(y1 - y0);
            for (var x = box.Left; x < box.Right; x++)
            {
                var u = (x - x0) / (double)(x1 - x0);
                var grain = (random.NextDouble() - 0.5) * 3;
                Rgba32 l = original[x0, y], r = original[x1, y], t = original[x, y0], b = original[x, y1];
                Rgba32 tl = original[x0, y0], tr = original[x1, y0], bl = original[x0, y1], br = original[x1, y1];
                byte Mix(Func<Rgba32, byte> ch) => (byte)Math.Clamp(Math.Round(
                    ((1 - u) * ch(l)) + (u * ch(r)) + ((1 - v) * ch(t)) + (v * ch(b))
                    - (((1 - u) * (1 - v) * ch(tl)) + (u * (1 - v) * ch(tr)) + ((1 - u) * v * ch(bl)) + (u * v * ch(br))) + grain), 0, 255);
                image[x, y] = new Rgba32(Mix(p => p.R), Mix(p => p.G), Mix(p => p.B), 255);
            }
        }
        original.Dispose();
    }

    /// <summary>Caption-like text: lines of glyph strokes (1-3 px wide) in one ink colour over the picture.</summary>
    private static void Text(Image<Rgba32> image, Rectangle box, Random random)
    {
        var ink = random.Next(2) == 0 ? new Rgba32(255, 255, 255) : new Rgba32((byte)random.Next(40), (byte)random.Next(40), (byte)random.Next(40));
        var lineHeight = Math.Clamp(box.Height / 3, 8, 40);
        var stroke = Math.Max(1, lineHeight / 8);
        for (var top = box.Top; top + lineHeight <= box.Bottom; top += lineHeight + (lineHeight / 3))
        {
            var x = box.Left;
            while (x < box.Right - 4)
            {
                var glyph = Math.Max(4, (lineHeight * 2 / 3) + random.Next(-2, 3));
                var shape = random.Next(16);
                for (var y = top; y < top + lineHeight && y < box.Bottom; y++)
                {
                    for (var gx = x; gx < Math.Min(box.Right, x + glyph); gx++)
                    {
                        int dx = gx - x, dy = y - top;
                        var on = ((shape & 1) != 0 && dx < stroke) || ((shape & 2) != 0 && dx >= glyph - stroke)
                            || ((shape & 4) != 0 && dy < stroke) || ((shape & 8) != 0 && dy >= lineHeight - stroke)
                            || Math.Abs(dy - (lineHeight / 2)) < stroke / 2 + 1 && (shape & 3) == 3;
                        if (on)
                            image[gx, y] = ink;
                    }
                }
                x += glyph + Math.Max(2, glyph / 4);
            }
        }
    }
}
