using System.Security.Cryptography;
using System.Text;
using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Domain.Tests.Watermarking;

/// <summary>Test images, keys and the attacks the engine must survive.</summary>
internal static class Images
{
    public static WatermarkKey Key(string name) =>
        WatermarkKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    public static Image<Rgba32> Kodak(int number) =>
        Image.Load<Rgba32>(TestData.Path("images", "kodak", $"kodim{number:00}.png"));

    public static Image<Rgba32> Jpeg(Image<Rgba32> image, int quality)
    {
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = quality });
        stream.Position = 0;
        return Image.Load<Rgba32>(stream);
    }

    /// <summary>ImageSharp's default resampler (bicubic).</summary>
    public static Image<Rgba32> Resize(Image<Rgba32> image, double factor) =>
        image.Clone(c => c.Resize((int)(image.Width * factor), (int)(image.Height * factor)));

    /// <summary>A deterministic "random" payload per test case.</summary>
    public static ulong Payload(int seed) =>
        BitConverter.ToUInt64(SHA256.HashData(BitConverter.GetBytes(seed)));
}
