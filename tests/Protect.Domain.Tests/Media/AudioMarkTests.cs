using Protect.Domain.Audio;
using Protect.Domain.Media;

namespace Protect.Domain.Tests.Media;

public sealed class AudioMarkTests : IDisposable
{
    private readonly Clips _clips = new();
    private static readonly MediaStreamLimits Limits = new();

    [Fact]
    public void Speech_round_trip_survives_aac_128k_and_stays_quiet()
    {
        var source = _clips.Ffmpeg(_clips.File("speech.wav"), "-t", "6", "-i", Clips.Speech);
        var marked = _clips.File("marked.wav");
        var outcome = AudioProtection.Embed(source, marked, Clips.Key, Clips.Payload, MediaProbe.Probe(source, Limits), new EncodeSettings());
        Assert.True(outcome.SnrDb >= 30, $"SNR {outcome.SnrDb:0.0} dB");

        var lossless = AudioProtection.Detect(marked, Clips.Key);
        Assert.True(lossless.Mark.Detected, $"sync {lossless.SyncAgreement:0.00} snr {outcome.SnrDb:0.0}");
        Assert.Equal(Clips.Payload, lossless.Mark.Payload);

        var aac = _clips.Ffmpeg(_clips.File("marked.m4a"), "-i", marked, "-c:a", "aac", "-b:a", "128k");
        var reading = AudioProtection.Detect(aac, Clips.Key);
        Assert.True(reading.Mark.Detected, $"aac sync {reading.SyncAgreement:0.00} vs lossless {lossless.SyncAgreement:0.00}, conf {lossless.Mark.Confidence:0.00}");
        Assert.Equal(Clips.Payload, reading.Mark.Payload);
    }

    [Fact]
    public void Unmarked_audio_and_wrong_key_are_not_detected()
    {
        var source = _clips.Ffmpeg(_clips.File("speech.wav"), "-t", "6", "-i", Clips.Speech);
        Assert.False(AudioProtection.Detect(source, Clips.Key).Mark.Detected);
        var marked = _clips.File("marked.wav");
        AudioProtection.Embed(source, marked, Clips.Key, Clips.Payload, MediaProbe.Probe(source, Limits), new EncodeSettings());
        Assert.False(AudioProtection.Detect(marked, Clips.OtherKey).Mark.Detected);
    }

    public void Dispose() => _clips.Dispose();
}
