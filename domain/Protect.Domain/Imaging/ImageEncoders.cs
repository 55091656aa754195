using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;

namespace Protect.Domain.Imaging;

/// <summary>Picks the encoder that writes a protected copy in the format it was uploaded in.</summary>
public static class ImageEncoders
{
    /// <summary>JPEG is written at quality 95 so the copy stays close to the original; lossy WebP likewise.</summary>
    public const int LossyQuality = 95;

    public static IImageEncoder For(IImageFormat format, Image source)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(source);
        return format.Name.ToUpperInvariant() switch
        {
            "JPEG" => new JpegEncoder { Quality = LossyQuality },
            "PNG" => new PngEncoder(),
            "WEBP" => source.Metadata.GetWebpMetadata().FileFormat == WebpFileFormatType.Lossless
                ? new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }
                : new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = LossyQuality },
            "BMP" => new BmpEncoder(),
            "TIFF" => new TiffEncoder(),
            _ => throw new NotSupportedException($"No encoder for {format.Name}."),
        };
    }
}
