using System.Text.Json;
using Protect.Domain.Assets;
using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Keys;
using Protect.Infrastructure;
using Protect.Infrastructure.Keys;
using SixLabors.ImageSharp;

namespace Protect.Cli;

/// <summary>`image embed` and `image detect`: one JSON object on stdout, the contract automation relies on.</summary>
internal static class ImageCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<int> RunAsync(CliArgs args) => args.Word(0, "image verb (embed or detect)") switch
    {
        "embed" => Task.FromResult(Embed(args)),
        "detect" => Task.FromResult(Detect(args)),
        var other => throw new UsageException($"Unknown image verb '{other}'; use embed or detect."),
    };

    private static int Embed(CliArgs args)
    {
        var input = ExistingFile(args.Required("--in"));
        var output = Path.GetFullPath(args.Required("--out"));
        var payloadHex = args.Required("--payload");
        if (!WatermarkId.TryParse(payloadHex, out var payload))
            throw new UsageException($"--payload must be exactly 16 hex digits (64 bits); got '{payloadHex}'.");
        var key = LoadKey(args);
        args.RejectUnknown();

        var format = Configuration.Default.ImageFormatsManager.FindFormatByFileExtension(Path.GetExtension(output).TrimStart('.'));
        var protection = new ImageProtection(new ImageWatermarkEngine());
        ProtectionOutcome outcome;
        using (var source = File.OpenRead(input))
        {
            ImageInspector.Inspect(source, new MediaLimitsOptions { MaxUploadBytes = long.MaxValue });
            // Written beside the target and renamed into place: OUT is either absent or complete.
            var temp = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
                    outcome = protection.Protect(source, target, null, key, payload, null, format);
                File.Move(temp, output, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }
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

    private static WatermarkKey LoadKey(CliArgs args)
    {
        var keyFile = args.Optional("--key-file");
        if (keyFile is not null) return ServiceKeyFile.Load(ExistingFile(keyFile));
        var data = new ProtectDataOptions { DataDirectory = args.Optional("--data") ?? "data" };
        return new ServiceKeyFile(data).Key;
    }

    private static string ExistingFile(string path) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new UsageException($"File not found: {path}");

    private static void Print(object result) => Console.Out.WriteLine(JsonSerializer.Serialize(result, Json));
}
