using System.Text;
using Protect.Domain.Errors;
using Protect.Domain.Media;
using Protect.Domain.Video;

namespace Protect.Domain.Tests.Media;

/// <summary>Bad inputs fail with InvalidMediaException and ffprobe's reason, before anything is decoded.</summary>
public sealed class MediaProbeTests : IDisposable
{
    private readonly Clips _clips = new();
    private static readonly MediaStreamLimits Limits = new();

    [Fact]
    public void Probe_reports_the_street_video_and_its_audio()
    {
        var info = MediaProbe.Probe(Clips.StreetVideo, Limits);
        Assert.Equal(1904, info.Video!.Width);
        Assert.Equal(1080, info.Video.Height);
        Assert.Equal(24, info.Video.FramesPerSecond, 3);
        Assert.Equal(48000, info.Audio!.SampleRate);
        Assert.Equal(2, info.Audio.Channels);
        Assert.InRange(info.DurationSeconds, 10.5, 11);
    }

    [Fact]
    public void Zero_length_file_is_rejected()
    {
        var empty = _clips.File("empty.mp4");
        File.WriteAllBytes(empty, []);
        Assert.Throws<InvalidMediaException>(() => MediaProbe.Probe(empty, Limits));
    }

    [Fact]
    public void Truncated_file_is_rejected_when_decoding()
    {
        var truncated = _clips.File("truncated.mp4");
        using (var source = File.OpenRead(Clips.StreetVideo))
        using (var target = File.Create(truncated))
        {
            var buffer = new byte[200_000];
            source.ReadExactly(buffer);
            target.Write(buffer);
        }
        var e = Assert.Throws<InvalidMediaException>(() => VideoProtection.Detect(truncated, Clips.Key, Limits));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Audio_only_file_where_video_is_expected_is_rejected()
    {
        var wav = _clips.Ffmpeg(_clips.File("speech.wav"), "-t", "1", "-i", Clips.Speech);
        var e = Assert.Throws<InvalidMediaException>(() => VideoProtection.Detect(wav, Clips.Key, Limits));
        Assert.Contains("no video stream", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_declared_resolution_is_rejected_before_decoding()
    {
        // A y4m header claiming 30000x30000 followed by a few bytes: nothing may try to allocate that frame.
        var huge = _clips.File("huge.y4m");
        File.WriteAllBytes(huge, Encoding.ASCII.GetBytes("YUV4MPEG2 W30000 H30000 F24:1 Ip A1:1 C420jpeg\nFRAME\n" + new string('\x10', 64)));
        var e = Assert.Throws<InvalidMediaException>(() => MediaProbe.Probe(huge, Limits));
        Assert.Contains("30000x30000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_file_is_rejected()
    {
        var text = _clips.File("notes.mp4");
        File.WriteAllText(text, "this is not a video");
        Assert.Throws<InvalidMediaException>(() => MediaProbe.Probe(text, Limits));
    }

    public void Dispose() => _clips.Dispose();
}
