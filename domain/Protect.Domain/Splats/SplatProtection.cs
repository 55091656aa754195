using Protect.Domain.Assets;
using Protect.Domain.Imaging;
using Protect.Domain.Keys;
using Protect.Domain.Splats.Rendering;
using Protect.Domain.Splats.Watermarking;
using Protect.Domain.Verifications;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Domain.Splats;

/// <summary>Where the previews of a protected scene go: one orbit view of each, and their amplified difference.</summary>
public sealed record SplatPreviews(Stream Original, Stream Protected, Stream Difference);

/// <summary>
/// The 3DGS use cases over streams, mirroring <see cref="ImageProtection"/>: protect (embed, write in the uploaded
/// format, measure render fidelity on what was written, render previews) and blind detection.
/// </summary>
public sealed class SplatProtection(SplatWatermarkEngine engine)
{
    public const int FidelityViews = 8;
    /// <summary>Previews are turntable strips: this many orbit views side by side.</summary>
    public const int PreviewViews = 4;
    public const int ViewWidth = 320;
    public const int PreviewHeight = 240;
    public const int PreviewWidth = PreviewViews * ViewWidth;

    /// <summary>True when the content (or, for headerless .splat, the name) says this is a splat scene.</summary>
    public static bool LooksLikeSplat(Stream file, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(file);
        Span<byte> magic = stackalloc byte[4];
        var start = file.Position;
        var read = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        file.Position = start;
        return (read == 4 && (magic.SequenceEqual("ply\n"u8) || magic.SequenceEqual("NGSP"u8)))
               || (read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
               || (fileName?.EndsWith(".splat", StringComparison.OrdinalIgnoreCase) ?? false);
    }

    /// <summary>Parses the whole scene (which validates counts, sizes and values) and rewinds.</summary>
    public static MediaFacts Inspect(Stream file, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(file);
        var (scene, format) = SplatFile.Read(file, fileName);
        file.Position = 0;
        return new MediaFacts("application/octet-stream", Extension(format), file.Length, scene.Count, 1);
    }

    /// <param name="hiddenMessage">Optional UTF-8 text (up to 1 KB) hidden beside the ID on the chroma axes.</param>
    public ProtectionOutcome Protect(Stream input, string fileName, Stream output, WatermarkKey key, WatermarkId id,
        SplatPreviews? previews = null, IProgress<int>? progress = null, string? hiddenMessage = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (original, format) = SplatFile.Read(input, fileName);
        progress?.Report(10);
        var marked = original.Clone();
        engine.Embed(marked, key, id);
        if (!string.IsNullOrEmpty(hiddenMessage)) new SplatMessageLayer().Embed(marked, key, hiddenMessage, null);
        SplatFile.Write(marked, output, format);
        output.Flush();
        progress?.Report(30);

        // Measure what the owner receives: the written file, after its format's quantization.
        output.Position = 0;
        var delivered = SplatFile.Read(output, fileName).Scene;
        output.Position = 0;
        var fidelity = RenderComparison.Compare(original, delivered, FidelityViews);
        progress?.Report(85);
        if (previews is not null) WritePreviews(original, delivered, previews);
        progress?.Report(100);
        return new ProtectionOutcome(fidelity.MeanPsnr, fidelity.MeanSsim, engine.Strength);
    }

    /// <summary>
    /// Blind first; when that finds nothing and stored originals are given, each is tried as the reference for
    /// aligning a moved, rotated, scaled or cropped copy.
    /// </summary>
    public WatermarkReading Detect(Stream input, string fileName, WatermarkKey key, IReadOnlyList<GaussianScene>? originals = null)
    {
        var suspect = SplatFile.Read(input, fileName).Scene;
        var verdict = SplatDetector.Detect(engine, suspect, key);
        foreach (var original in originals ?? [])
        {
            if (verdict.Reading.Detected) break;
            verdict = SplatDetector.Detect(engine, suspect, key, original);
        }
        var reading = verdict.Reading;
        using var message = reading.Detected ? new SplatMessageLayer().Extract(suspect, key) : null;
        return new WatermarkReading(reading.Detected, reading.Detected ? reading.WatermarkId : null,
            reading.Confidence, reading.FalseMatchProbability, 0)
        {
            AlignmentApplied = reading.Detected && verdict.AlignmentApplied,
            HiddenMessage = message?.Text,
        };
    }

    private static void WritePreviews(GaussianScene original, GaussianScene delivered, SplatPreviews previews)
    {
        using var a = TurntableStrip(original, original);
        using var b = TurntableStrip(delivered, original);
        a.SaveAsPng(previews.Original);
        b.SaveAsPng(previews.Protected);
        DifferenceImage.Write(a, b, previews.Difference);
    }

    /// <summary>The orbit views of <paramref name="framing"/>'s bounds, so both strips show the same cameras.</summary>
    private static Image<Rgba32> TurntableStrip(GaussianScene scene, GaussianScene framing)
    {
        var strip = new Image<Rgba32>(PreviewWidth, PreviewHeight);
        var cameras = Camera.Orbit(framing, PreviewViews, ViewWidth, PreviewHeight);
        for (var v = 0; v < cameras.Count; v++)
        {
            using var view = RenderComparison.ToImage(SplatRenderer.Render(scene, cameras[v]), ViewWidth, PreviewHeight);
            var offset = new Point(v * ViewWidth, 0);
            strip.Mutate(c => c.DrawImage(view, offset, 1f));
        }
        return strip;
    }

    private static string Extension(SplatFormat format) => format switch
    {
        SplatFormat.CompressedPly => "compressed.ply",
        SplatFormat.Splat => "splat",
        SplatFormat.Spz => "spz",
        _ => "ply",
    };
}
