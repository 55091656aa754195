using System.Text.Json;
using Protect.Domain.Assets;
using Protect.Domain.Audio;
using Protect.Domain.Keys;
using Protect.Domain.Marking;
using Protect.Domain.Media;
using Protect.Domain.Video;
using Protect.Infrastructure;
using Protect.Infrastructure.Keys;

using static Protect.Cli.CliIo;

namespace Protect.Cli;

/// <summary>`video embed|detect` and `audio embed|detect`, with the image verbs' conventions: one JSON object on stdout.</summary>
internal static class MediaCommands
{
    public static Task<int> VideoAsync(CliArgs args) => args.Word(0, "video verb (embed or detect)") switch
    {
        "embed" => Task.FromResult(Embed(args, video: true)),
        "detect" => Task.FromResult(DetectVideo(args)),
        var other => throw new UsageException($"Unknown video verb '{other}'; use embed or detect."),
    };

    public static Task<int> AudioAsync(CliArgs args) => args.Word(0, "audio verb (embed or detect)") switch
    {
        "embed" => Task.FromResult(Embed(args, video: false)),
        "detect" => Task.FromResult(DetectAudio(args)),
        var other => throw new UsageException($"Unknown audio verb '{other}'; use embed or detect."),
    };

    private static int Embed(CliArgs args, bool video)
    {
        var input = ExistingFile(args.Required("--in"));
        var output = Path.GetFullPath(args.Required("--out"));
        var payloadHex = args.Required("--payload");
        if (!WatermarkId.TryParse(payloadHex, out var payload))
            throw new UsageException($"--payload must be exactly 16 hex digits (64 bits); got '{payloadHex}'.");
        var settings = new EncodeSettings { Preset = args.Optional("--preset") ?? "medium" };
        var key = LoadKey(args);
        args.RejectUnknown();

        // Written beside the target and renamed into place: OUT is either absent or complete. The temp name keeps
        // the extension, which chooses the container and codecs.
        var temp = Path.Combine(Path.GetDirectoryName(output)!, $".{Guid.NewGuid():N}.tmp{Path.GetExtension(output)}");
        try
        {
            if (video)
            {
                var outcome = VideoProtection.Embed(input, temp, key, payload.Value, settings, new MediaStreamLimits());
                File.Move(temp, output, overwrite: true);
                Print(new
                {
                    payload = payload.ToString(),
                    frames = outcome.Frames,
                    psnrY = Math.Round(outcome.MarkPsnrY, 2),
                    audioSnr = outcome.AudioSnrDb is { } s ? Math.Round(s, 2) : (double?)null,
                });
            }
            else
            {
                var info = MediaProbe.Probe(input, new MediaStreamLimits());
                var outcome = AudioProtection.Embed(input, temp, key, payload.Value, info, settings);
                File.Move(temp, output, overwrite: true);
                Print(new { payload = payload.ToString(), snr = Math.Round(outcome.SnrDb, 2) });
            }
        }
        finally
        {
            File.Delete(temp);
        }
        return 0;
    }

    private static int DetectVideo(CliArgs args)
    {
        var input = ExistingFile(args.Required("--in"));
        var key = LoadKey(args);
        args.RejectUnknown();
        var reading = VideoProtection.Detect(input, key, new MediaStreamLimits());
        Print(new
        {
            detected = reading.Video.Detected,
            payload = Hex(reading.Video),
            confidence = Math.Round(reading.Video.Confidence, 4),
            falseMatchProbability = reading.Video.FalseMatchProbability,
            frames = reading.Frames,
            audio = reading.Audio is { } a ? AudioJson(a) : null,
            agree = reading.Agree,
        });
        return 0;
    }

    private static int DetectAudio(CliArgs args)
    {
        var input = ExistingFile(args.Required("--in"));
        var key = LoadKey(args);
        args.RejectUnknown();
        MediaProbe.Probe(input, new MediaStreamLimits()).RequireAudio();
        Print(AudioJson(AudioProtection.Detect(input, key)));
        return 0;
    }

    private static object AudioJson(AudioMarkReading a) => new
    {
        detected = a.Mark.Detected,
        payload = Hex(a.Mark),
        confidence = Math.Round(a.Mark.Confidence, 4),
        falseMatchProbability = a.Mark.FalseMatchProbability,
        syncAgreement = Math.Round(a.SyncAgreement, 4),
        audibleSeconds = Math.Round(a.AudibleSeconds, 2),
    };

    private static string? Hex(MarkReading r) => r.Payload is { } p ? new WatermarkId(p).ToString() : null;
}
