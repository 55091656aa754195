using Protect.Domain.Assets;
using Protect.Domain.Errors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging;

/// <summary>
/// Decides whether an uploaded file is an image we accept, before anything is stored. The header is read first so
/// that a file claiming 30000x30000 pixels is refused without allocating a pixel; only then is it decoded in full,
/// which catches truncated and corrupt data.
/// </summary>
public static class ImageInspector
{
    private static readonly HashSet<string> Accepted = new(StringComparer.OrdinalIgnoreCase) { "JPEG", "PNG", "WEBP", "BMP", "TIFF" };

    public static MediaFacts Inspect(Stream file, MediaLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(limits);
        if (!file.CanSeek) throw new ArgumentException("The inspector needs a seekable stream.", nameof(file));
        var size = file.Length;
        if (size == 0) throw new InvalidMediaException("The file is empty.");
        if (size > limits.MaxUploadBytes) throw new MediaTooLargeException(limits.MaxUploadBytes);

        var (info, format) = Identify(file);
        long pixels = (long)info.Width * info.Height;
        if (info.Width <= 0 || info.Height <= 0)
            throw new InvalidMediaException("The image header declares no pixels.");
        if (pixels > limits.MaxPixels)
            throw new InvalidMediaException(
                $"The image is {info.Width}x{info.Height} ({pixels / 1e6:0.#} megapixels); the limit is {limits.MaxPixels / 1e6:0.#} megapixels.");
        if (format.Name.Equals("JPEG", StringComparison.OrdinalIgnoreCase) && !JpegEndsWithEoi(file))
            throw new InvalidMediaException("The JPEG file is truncated (it has no end-of-image marker).");

        DecodeFully(file);
        return new MediaFacts(format.DefaultMimeType, format.FileExtensions.First(), size, info.Width, info.Height);
    }

    private static (IImageInfo Info, IImageFormat Format) Identify(Stream file)
    {
        file.Position = 0;
        try
        {
            var info = Image.Identify(file, out var format);
            if (info is null || format is null)
                throw new InvalidMediaException("The file is not an image in a supported format (JPEG, PNG, WebP, BMP or TIFF).");
            if (!Accepted.Contains(format.Name))
                throw new InvalidMediaException($"{format.Name} images are not supported; use JPEG, PNG, WebP, BMP or TIFF.");
            return (info, format);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException)
        {
            throw new InvalidMediaException($"The image header cannot be read: {e.Message}");
        }
    }

    private static void DecodeFully(Stream file)
    {
        file.Position = 0;
        try
        {
            using var image = Image.Load<Rgba32>(file);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException
                                       or IndexOutOfRangeException or ArgumentException or EndOfStreamException)
        {
            throw new InvalidMediaException($"The image data is corrupt or truncated: {e.Message}");
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>A complete JPEG ends with FF D9; allow some trailing padding that cameras and tools append.</summary>
    private static bool JpegEndsWithEoi(Stream file)
    {
        var tail = (int)Math.Min(file.Length, 4096);
        var buffer = new byte[tail];
        file.Position = file.Length - tail;
        file.ReadExactly(buffer);
        file.Position = 0;
        return buffer.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xD9]) >= 0;
    }
}
