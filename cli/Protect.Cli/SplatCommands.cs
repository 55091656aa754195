using System.Text.Json;
using Protect.Domain.Assets;
using Protect.Domain.Keys;
using Protect.Domain.Splats;
using Protect.Domain.Splats.Rendering;
using Protect.Domain.Splats.Watermarking;
using Protect.Infrastructure;
using Protect.Infrastructure.Keys;
using SixLabors.ImageSharp;

using static Protect.Cli.CliIo;

namespace Protect.Cli;

/// <summary>`splat embed|detect|render|convert`: one JSON object on stdout, like the image verbs.</summary>
internal static class SplatCommands
{
    public static Task<int> RunAsync(CliArgs args) => args.Word(0, "splat verb (embed, detect, render or convert)") switch
    {
        "embed" => Task.FromResult(Embed(args)),
        "detect" => Task.FromResult(Detect(args)),
        "render" => Task.FromResult(Render(args)),
        "convert" => Task.FromResult(Convert(args)),
        var other => throw new UsageException($"Unknown splat verb '{other}'; use embed, detect, render or convert."),
    };

    private static int Embed(CliArgs args)
    {
        var input = ExistingFile(args.Required("--in"));
        var output = Path.GetFullPath(args.Required("--out"));
        var payloadHex = args.Required("--payload");
        var payload = ParsePayload(payloadHex);
        var key = LoadKey(args);
        var views = ParseInt(args.Optional("--views") ?? "8", "--views");
        var message = args.Optional("--message");
        var imagePath = args.Optional("--image");
        args.RejectUnknown();
        var format = SplatFile.FormatFor(output);
        var original = SplatFile.Read(input).Scene;
        var marked = original.Clone();
        var result = new SplatWatermarkEngine().Embed(marked, key, payload);
        SplatMessageEmbedResult? hidden = null;
        if (message is not null || imagePath is not null)
        {
            using var image = imagePath is null ? null : Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(ExistingFile(imagePath));
            try { hidden = new SplatMessageLayer().Embed(marked, key, message, image); }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException) { throw new UsageException(e.Message); }
        }
        WriteAtomically(output, stream => SplatFile.Write(marked, stream, format));
        var fidelity = RenderComparison.Compare(original, marked, views);
        Print(new
        {
            payload = payload.ToString(),
            psnr = Math.Round(fidelity.MeanPsnr, 2),
            ssim = Math.Round(fidelity.MeanSsim, 4),
            gaussians = original.Count,
            carriers = result.Carriers,
            message = message is null ? null : new { bytes = System.Text.Encoding.UTF8.GetByteCount(message), cellExponent = hidden?.TextCellExponent },
            image = hidden?.ImageEncoding is null ? null : new { encoding = hidden.ImageEncoding, bytes = hidden.ImageBytes, repetition = Math.Round(hidden.ImageRepetition, 2) },
        });
        return 0;
    }

    private static int Detect(CliArgs args)
    {
        var input = ExistingFile(args.Required("--in"));
        var originalPath = args.Optional("--original");
        var key = LoadKey(args);
        var imageOut = args.Optional("--image-out");
        args.RejectUnknown();
        var suspect = SplatFile.Read(input).Scene;
        using var hidden = new SplatMessageLayer().Extract(suspect, key);
        if (hidden.Image is not null && imageOut is not null)
            WriteAtomically(Path.GetFullPath(imageOut), stream => hidden.Image.SaveAsPng(stream));
        var original = originalPath is null ? null : SplatFile.Read(ExistingFile(originalPath)).Scene;
        var verdict = SplatDetector.Detect(new SplatWatermarkEngine(), suspect, key, original);
        Print(new
        {
            detected = verdict.Reading.Detected,
            payload = verdict.Reading.WatermarkId?.ToString(),
            confidence = Math.Round(verdict.Reading.Confidence, 4),
            falseMatchProbability = verdict.Reading.FalseMatchProbability,
            alignmentApplied = verdict.AlignmentApplied,
            message = hidden.Text,
            image = hidden.Image is null ? null : new { width = hidden.Image.Width, height = hidden.Image.Height, savedTo = imageOut is null ? null : Path.GetFullPath(imageOut) },
        });
        return 0;
    }

    private static int Render(CliArgs args)
    {
        var input = ExistingFile(args.Required("--in"));
        var output = Path.GetFullPath(args.Required("--out"));
        var width = ParseInt(args.Optional("--width") ?? "800", "--width");
        var height = ParseInt(args.Optional("--height") ?? "600", "--height");
        var view = ParseInt(args.Optional("--view") ?? "0", "--view");
        args.RejectUnknown();
        if (width is < 16 or > 8192 || height is < 16 or > 8192) throw new UsageException("--width and --height must be 16..8192.");
        var scene = SplatFile.Read(input).Scene;
        var camera = Camera.Orbit(scene, 8, width, height)[view % 8];
        var started = System.Diagnostics.Stopwatch.StartNew();
        var rgb = SplatRenderer.Render(scene, camera);
        var ms = started.Elapsed.TotalMilliseconds;
        using var image = RenderComparison.ToImage(rgb, width, height);
        WriteAtomically(output, stream => image.SaveAsPng(stream));
        Print(new { gaussians = scene.Count, width, height, milliseconds = Math.Round(ms, 1) });
        return 0;
    }

    private static int Convert(CliArgs args)
    {
        var input = ExistingFile(args.Required("--in"));
        var output = Path.GetFullPath(args.Required("--out"));
        args.RejectUnknown();
        var format = SplatFile.FormatFor(output);
        var (scene, from) = SplatFile.Read(input);
        WriteAtomically(output, stream => SplatFile.Write(scene, stream, format));
        Print(new { gaussians = scene.Count, shDegree = scene.ShDegree, from = from.ToString(), to = format.ToString() });
        return 0;
    }
}
