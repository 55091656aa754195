using Protect.Domain.Forensics;
using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Watermarking;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

using static Protect.Cli.CliIo;

namespace Protect.Cli;

/// <summary>`image verify`: the copyright reading plus the tamper report, and optionally the mask as a PNG.</summary>
internal static class VerifyCommand
{
    public static int Run(CliArgs args)
    {
        var input = ExistingFile(args.Required("--in"));
        var maskOut = args.Optional("--mask-out") is { } m ? Path.GetFullPath(m) : null;
        var key = LoadKey(args);
        args.RejectUnknown();
        using var source = File.OpenRead(input);
        ImageInspector.Inspect(source, new MediaLimitsOptions { MaxUploadBytes = long.MaxValue });
        source.Position = 0;
        using var image = Image.Load<Rgba32>(source);
        var result = new ImageProtection(new ImageWatermarkEngine()).Verify(image, key);
        if (maskOut is not null)
            WriteAtomically(maskOut, target => MaskImages.WriteMask(result.Tamper.Mask, target));
        Print(Json(result));
        return 0;
    }

    /// <summary>The verification JSON of issue 4 (maskUrl/overlayUrl are the service's to add).</summary>
    internal static object Json(ImageVerification result)
    {
        var c = result.Copyright;
        var t = result.Tamper;
        return new
        {
            detected = c.Detected,
            payload = c.Detected && c.Payload is { } p ? new Protect.Domain.Assets.WatermarkId(p).ToString() : null,
            confidence = Math.Round(c.Confidence, 4),
            falseMatchProbability = c.FalseMatchProbability,
            bitErrors = c.BitErrors,
            tamper = new
            {
                verdict = t.Verdict.ToString(),
                evidence = t.Evidence.ToString(),
                tamperedPercent = Math.Round(t.TamperedPercent, 2),
                regions = t.Regions.Select(r => new { x = r.X, y = r.Y, w = r.W, h = r.H, areaPercent = r.AreaPercent, score = r.Score }),
                clues = t.Clues.Select(k => new { name = k.Name, score = Math.Round(k.Score, 3), confidence = k.Confidence, summary = k.Summary }),
                explanation = t.Explanation,
            },
        };
    }
}
