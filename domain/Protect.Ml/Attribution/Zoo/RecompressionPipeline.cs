using Protect.Domain.Imaging.Attacks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace Protect.Ml.Attribution.Zoo;

/// <summary>
/// A chain of classical operations (resampling, sharpening, JPEG/WebP at set qualities and chroma layouts), like a
/// publishing pipeline: each chain leaves its own double-quantization and resampling traces.
/// </summary>
public sealed class RecompressionPipeline(string name, params Func<Image<Rgba32>, Image<Rgba32>>[] steps) : ZooGenerator(name, "recompression")
{
    public override Image<Rgba32> Generate(Image<Rgba32> content, int seed)
    {
        ArgumentNullException.ThrowIfNull(content);
        var current = content.Clone();
        foreach (var step in steps)
        {
            var next = step(current);
            current.Dispose();
            current = next;
        }
        return current;
    }

    public static Func<Image<Rgba32>, Image<Rgba32>> Jpeg(int quality, bool chroma444 = false) => image =>
    {
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = quality, ColorType = chroma444 ? JpegColorType.YCbCrRatio444 : JpegColorType.YCbCrRatio420 });
        stream.Position = 0;
        return Image.Load<Rgba32>(stream);
    };

    public static Func<Image<Rgba32>, Image<Rgba32>> Webp(int quality) => image => Transforms.Webp(image, quality);

    public static Func<Image<Rgba32>, Image<Rgba32>> Resize(double factor, IResampler sampler) => image =>
        image.Clone(c => c.Resize(Math.Max(8, (int)Math.Round(image.Width * factor)), Math.Max(8, (int)Math.Round(image.Height * factor)), sampler));

    public static Func<Image<Rgba32>, Image<Rgba32>> Sharpen(float sigma) => image => image.Clone(c => c.GaussianSharpen(sigma));

    public static Func<Image<Rgba32>, Image<Rgba32>> Blur(float sigma) => image => image.Clone(c => c.GaussianBlur(sigma));
}
