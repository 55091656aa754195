using Protect.Domain.Assets;
using Protect.Domain.Errors;
using Protect.Domain.Forensics;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Keys;
using Protect.Domain.Verifications;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging;

/// <summary>
/// The image use cases over streams: protect (embed, re-encode in the uploaded format, measure) and detect.
/// Storage and databases stay outside; callers hand in streams and get numbers back.
/// Protect embeds the copyright mark and then, by default, the semi-fragile integrity layer that Verify reads.
/// </summary>
public sealed class ImageProtection(ImageWatermarkEngine engine, bool integrityLayer = true)
{
    /// <param name="output">Receives the protected file; must be readable and seekable so the result can be measured.</param>
    /// <param name="difference">Receives a PNG of the amplified difference (a preview, at most 1024 px wide).</param>
    /// <param name="outputFormat">The format to write; null keeps the input's.</param>
    public ProtectionOutcome Protect(Stream input, Stream output, Stream? difference, WatermarkKey key, WatermarkId id,
        IProgress<int>? progress = null, IImageFormat? outputFormat = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var original = Load(input, out var format);
        progress?.Report(10);
        using var marked = original.Clone();
        var report = engine.Embed(marked, key, id.Value);
        if (integrityLayer)
            IntegrityLayer.Embed(marked, key); // after the copyright mark, so it is part of the protected content
        progress?.Report(50);

        marked.Save(output, ImageEncoders.For(outputFormat ?? format, original));
        output.Flush();
        progress?.Report(70);

        // Measure what the owner actually receives: the re-encoded file, not the in-memory pixels.
        output.Position = 0;
        using var delivered = Image.Load<Rgba32>(output);
        output.Position = 0;
        var psnr = ImageQuality.Psnr(original, delivered);
        var ssim = ImageQuality.Ssim(original, delivered);
        progress?.Report(90);

        if (difference is not null)
            DifferenceImage.Write(original, delivered, difference);
        progress?.Report(100);
        return new ProtectionOutcome(psnr, ssim, report.Strength);
    }

    public WatermarkReading Detect(Stream input, WatermarkKey key)
    {
        using var image = Load(input, out _);
        return ToReading(engine.Detect(image, key));
    }

    /// <summary>The engine's result in the medium-independent form verifications record.</summary>
    public static WatermarkReading ToReading(DetectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new WatermarkReading(
            result.Detected,
            result.Detected && result.Payload is { } payload ? new WatermarkId(payload) : null,
            result.Confidence,
            result.FalseMatchProbability,
            result.BitErrors)
        {
            Geometry = result.Geometry,
        };
    }

    /// <summary>Copyright reading plus tamper analysis (verdict, mask, regions, clues, explanation).</summary>
    public ImageVerification Verify(Stream input, WatermarkKey key)
    {
        using var image = Load(input, out _);
        return Verify(image, key);
    }

    public ImageVerification Verify(Image<Rgba32> image, WatermarkKey key)
    {
        var copyright = engine.Detect(image, key);
        return new ImageVerification(copyright, new TamperAnalyzer().Analyze(image, key, copyright));
    }

    private static Image<Rgba32> Load(Stream input, out IImageFormat format)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return Image.Load<Rgba32>(input, out format);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException or EndOfStreamException)
        {
            throw new InvalidMediaException($"The image cannot be decoded: {e.Message}");
        }
    }
}

public sealed record ProtectionOutcome(double Psnr, double Ssim, double Strength);
