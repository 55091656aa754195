using System.Text.Json;
using Protect.Domain.Assets;
using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Keys;
using Protect.Infrastructure;
using Protect.Infrastructure.Keys;
using SixLabors.ImageSharp;

using static Protect.Cli.CliIo;

namespace Protect.Cli;

/// <summary>`image embed`, `image detect` and `image verify`: one JSON object on stdout, the contract automation relies on.</summary>
internal static class ImageCommands
{
    public static Task<int> RunAsync(CliArgs args) => args.Word(0, "image verb (embed, detect or verify)") switch
    {
        "embed" => Task.FromResult(Embed(args)),
        "detect" => Task.FromResult(Detect(args)),
        "verify" => Task.FromResult(VerifyCommand.Run(args)),
        var other => throw new UsageException($"Unknown image verb '{other}'; use embed, detect or verify."),
    };

    private static int Embed(CliArgs args)
    {
        var input = ExistingFile(args.Required("--in"));
        var output = Path.GetFullPath(args.Required("--out"));
        var payloadHex = args.Required("--payload");
        var payload = ParsePayload(payloadHex);
        var key = LoadKey(args);
        args.RejectUnknown();

        var format = Configuration.Default.ImageFormatsManager.FindFormatByFileExtension(Path.GetExtension(output).TrimStart('.'));
        var protection = new ImageProtection(new ImageWatermarkEngine());
        ProtectionOutcome outcome = null!;
        using (var source = File.OpenRead(input))
        {
            ImageInspector.Inspect(source, new MediaLimitsOptions { MaxUploadBytes = long.MaxValue });
            WriteAtomically(output, target => outcome = protection.Protect(source, target, null, key, payload, null, format));
        }
        Print(new { payload = payload.ToString(), psnr = Math.Round(outcome.Psnr, 2), ssim = Math.Round(outcome.Ssim, 4) });
        return 0;
    }

    private static int Detect(CliArgs args)
    {
        var input = ExistingFile(args.Required("--in"));
        var key = LoadKey(args);
        args.RejectUnknown();
        using var source = File.OpenRead(input);
        ImageInspector.Inspect(source, new MediaLimitsOptions { MaxUploadBytes = long.MaxValue });
        var reading = new ImageProtection(new ImageWatermarkEngine()).Detect(source, key);
        Print(new
        {
            detected = reading.Detected,
            payload = reading.WatermarkId?.ToString(),
            confidence = Math.Round(reading.Confidence, 4),
            falseMatchProbability = reading.FalseMatchProbability,
            bitErrors = reading.BitErrors,
            geometry = reading.Geometry,
        });
        return 0;
    }
}
