using Protect.Domain.Media;
using Protect.Domain.Video;

namespace Protect.Domain.Tests.Media;

public sealed class VideoMarkTests : IDisposable
{
    private readonly Clips _clips = new();
    private static readonly MediaStreamLimits Limits = new();
    private static readonly EncodeSettings Fast = new() { Preset = "ultrafast" };

    [Fact]
    public void Video_and_audio_ids_survive_h264_crf_28_and_agree()
    {
        var source = _clips.StreetClip("street.mp4", 3, 3, height: 180);
        var marked = _clips.File("marked.mp4");
        var outcome = VideoProtection.Embed(source, marked, Clips.Key, Clips.Payload, Fast, Limits);
        Assert.True(outcome.MarkPsnrY >= 42, $"Y-PSNR {outcome.MarkPsnrY:0.0} dB");
        Assert.True(outcome.AudioSnrDb >= 30, $"audio SNR {outcome.AudioSnrDb:0.0} dB");

        var reencoded = _clips.Ffmpeg(_clips.File("crf28.mp4"), "-i", marked, "-c:v", "libx264", "-preset", "ultrafast", "-crf", "28", "-c:a", "copy");
        var reading = VideoProtection.Detect(reencoded, Clips.Key, Limits);
        Assert.True(reading.Video.Detected, $"video confidence {reading.Video.Confidence:0.00}");
        Assert.Equal(Clips.Payload, reading.Video.Payload);
        Assert.Equal(Clips.Payload, reading.Audio?.Mark.Payload);
        Assert.True(reading.Agree);
    }

    [Fact]
    public void Unmarked_clip_and_wrong_key_are_not_detected()
    {
        var source = _clips.StreetClip("street.mp4", 5, 1);
        Assert.False(VideoProtection.Detect(source, Clips.Key, Limits).Video.Detected);
        var marked = _clips.File("marked.mkv");
        VideoProtection.Embed(source, marked, Clips.Key, Clips.Payload, Fast, Limits);
        var wrong = VideoProtection.Detect(marked, Clips.OtherKey, Limits);
        Assert.False(wrong.Video.Detected);
        Assert.False(wrong.Audio?.Mark.Detected ?? false);
    }

    public void Dispose() => _clips.Dispose();
}
