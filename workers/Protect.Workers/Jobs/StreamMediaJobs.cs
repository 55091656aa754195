using Protect.Domain.Assets;
using Protect.Domain.Audio;
using Protect.Domain.Keys;
using Protect.Domain.Marking;
using Protect.Domain.Media;
using Protect.Domain.Verifications;
using Protect.Domain.Video;

namespace Protect.Workers.Jobs;

/// <summary>
/// The video and audio halves of the protect and verify jobs. ffmpeg needs real paths, so originals and outputs
/// are temp files (streamed through pipes, never held whole in memory); the output keeps the original's
/// container, whose extension picks the codecs (H.264 CRF 18 + AAC 192k for MP4/MOV/MKV, VP9 + Opus for WebM).
/// </summary>
internal static class StreamMediaJobs
{
    public sealed record Outcome(double? PsnrY, double? AudioSnrDb);

    public static Outcome Protect(AssetKind kind, string originalPath, string outputPath, WatermarkKey key, WatermarkId id,
        MediaStreamLimits limits, IProgress<int> progress)
    {
        var settings = new EncodeSettings();
        if (kind == AssetKind.Video)
        {
            var video = VideoProtection.Embed(originalPath, outputPath, key, id.Value, settings, limits,
                new Progress<double>(p => progress.Report((int)(100 * p))));
            return new Outcome(video.MarkPsnrY, video.AudioSnrDb);
        }
        var info = MediaProbe.Probe(originalPath, limits);
        var audio = AudioProtection.Embed(originalPath, outputPath, key, id.Value, info, settings);
        progress.Report(100);
        return new Outcome(null, audio.SnrDb);
    }

    /// <summary>
    /// Reads the ID from a video's frames (and soundtrack) or from an audio file. A video's reading is the frames'
    /// when they carry one, else the soundtrack's; both IDs go into the timeline with whether they agree.
    /// </summary>
    public static (WatermarkReading Reading, MediaTimeline Timeline) Detect(AssetKind kind, string path, WatermarkKey key, MediaStreamLimits limits)
    {
        if (kind == AssetKind.Video)
        {
            var video = VideoProtection.Detect(path, key, limits);
            var audio = video.Audio?.Mark;
            var best = video.Video.Detected || audio is not { Detected: true } ? video.Video : audio;
            return (ToReading(best), new MediaTimeline(Hex(video.Video), audio is null ? null : Hex(audio), video.Agree, video.Frames));
        }
        MediaProbe.Probe(path, limits).RequireAudio();
        var reading = AudioProtection.Detect(path, key).Mark;
        return (ToReading(reading), new MediaTimeline(null, Hex(reading), null, 0));
    }

    private static WatermarkReading ToReading(MarkReading mark) => new(
        mark.Detected, mark.Detected && mark.Payload is { } p ? new WatermarkId(p) : null, mark.Confidence, mark.FalseMatchProbability, 0);

    private static string? Hex(MarkReading mark) => mark.Detected && mark.Payload is { } p ? new WatermarkId(p).ToString() : null;
}
