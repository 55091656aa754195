using Protect.Domain.Audio;
using Protect.Domain.Keys;
using Protect.Domain.Marking;
using Protect.Domain.Media;

namespace Protect.Domain.Video;

/// <summary>
/// Protects and verifies a video file end to end. The soundtrack is marked first into a temporary float WAV
/// (disk, not memory); then frames stream decoder -> luma mark -> encoder, which muxes that WAV beside them.
/// Memory is one frame plus fixed buffers, whatever the duration.
/// </summary>
public static class VideoProtection
{
    public static VideoEmbedOutcome Embed(string input, string output, WatermarkKey key, ulong payload, EncodeSettings settings,
        MediaStreamLimits limits, IProgress<double>? progress = null, double step = LumaMarkEmbedder.DefaultStep)
    {
        var info = MediaProbe.Probe(input, limits);
        var video = info.RequireVideo();
        string? audioTemp = null;
        try
        {
            double? audioSnr = null;
            if (info.Audio is { SampleRate: >= AudioMarkLayout.SampleRate })
            {
                audioTemp = Path.Combine(Path.GetTempPath(), $"protect-audio-{Guid.NewGuid():N}.wav");
                audioSnr = AudioProtection.Embed(input, audioTemp, key, payload, info, settings, ["-c:a", "pcm_f32le"]).SnrDb;
            }
            var embedder = new LumaMarkEmbedder(key, payload, step);
            using var reader = new VideoFrameReader(input, video.Width, video.Height);
            using var writer = new VideoFrameWriter(output, video.Width, video.Height, video.FrameRate, audioTemp, settings);
            double squared = 0;
            var expected = video.FrameCount ?? (long)Math.Ceiling(info.DurationSeconds * video.FramesPerSecond);
            while (reader.ReadFrame())
            {
                squared += embedder.Embed(reader.Frame.AsSpan(0, video.Width * video.Height), video.Width, video.Height);
                writer.WriteFrame(reader.Frame);
                if (expected > 0 && reader.FramesRead % 24 == 0) progress?.Report(Math.Min(1, reader.FramesRead / (double)expected));
            }
            writer.Complete();
            var mse = squared / ((double)reader.FramesRead * video.Width * video.Height);
            return new VideoEmbedOutcome(reader.FramesRead, mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse), audioSnr);
        }
        finally
        {
            if (audioTemp is not null) File.Delete(audioTemp);
        }
    }

    /// <summary>Reads the video ID from every frame (soft bits summed) and, when there is a soundtrack, the audio ID.</summary>
    public static VideoReading Detect(string input, WatermarkKey key, MediaStreamLimits limits, double? maxSeconds = null)
    {
        var info = MediaProbe.Probe(input, limits);
        var video = info.RequireVideo();
        var detector = new LumaMarkDetector(key);
        using (var reader = new VideoFrameReader(input, video.Width, video.Height, maxSeconds))
        {
            while (reader.ReadFrame())
                detector.Accumulate(reader.Frame.AsSpan(0, video.Width * video.Height), video.Width, video.Height);
        }
        var audio = info.Audio is null ? null : AudioProtection.Detect(input, key, maxSeconds);
        return new VideoReading(detector.Read(), detector.Frames, audio);
    }
}

/// <param name="Frames">Frames marked.</param>
/// <param name="MarkPsnrY">Y-PSNR of the marked frames against the decoded input, before the output encoder.</param>
/// <param name="AudioSnrDb">The soundtrack's signal-to-mark ratio, or null without (markable) audio.</param>
public sealed record VideoEmbedOutcome(long Frames, double MarkPsnrY, double? AudioSnrDb);

/// <param name="Video">The ID read from the frames.</param>
/// <param name="Audio">The ID read from the soundtrack, or null when there is none.</param>
public sealed record VideoReading(MarkReading Video, int Frames, AudioMarkReading? Audio)
{
    /// <summary>Both modalities carry the same ID (cross-modal check); null when one of them was not read.</summary>
    public bool? Agree => Video.Detected && Audio is { Mark.Detected: true } a ? Video.Payload == a.Mark.Payload : null;
}
