using Protect.Domain.Audio;
using Protect.Domain.Media;

namespace Protect.Domain.Tests.Media;

public sealed class AudioMarkTests : IDisposable
{
    private readonly Clips _clips = new();
    private static readonly MediaStreamLimits Limits = new();

    /// <summary>The whole 11-s speech sample at 48 kHz stereo, marked losslessly (a block of the mark is 6.7 s).</summary>
    private (string Source, string Marked, AudioEmbedOutcome Outcome) MarkSpeech(string name = "speech")
    {
        var source = _clips.Ffmpeg(_clips.File(name + ".wav"), "-i", Clips.Speech, "-ar", "48000", "-ac", "2");
        var marked = _clips.File(name + ".marked.wav");
        var outcome = AudioProtection.Embed(source, marked, Clips.Key, Clips.Payload, MediaProbe.Probe(source, Limits), new EncodeSettings(), ["-c:a", "pcm_f32le"]);
        return (source, marked, outcome);
    }

    [Fact]
    public void Speech_round_trip_survives_aac_128k_and_stays_quiet()
    {
        var (_, marked, outcome) = MarkSpeech();
        Assert.True(outcome.SnrDb >= 30, $"SNR {outcome.SnrDb:0.0} dB");

        var lossless = AudioProtection.Detect(marked, Clips.Key);
        Assert.True(lossless.Mark.Detected, $"sync {lossless.SyncAgreement:0.00} z {lossless.SyncZ:0.0}");
        Assert.Equal(Clips.Payload, lossless.Mark.Payload);

        var aac = _clips.Ffmpeg(_clips.File("marked.m4a"), "-i", marked, "-c:a", "aac", "-b:a", "128k");
        var reading = AudioProtection.Detect(aac, Clips.Key);
        Assert.Equal(Clips.Payload, reading.Mark.Payload);
    }

    [Fact]
    public void Speech_mark_survives_mp3_64k()
    {
        var (_, marked, _) = MarkSpeech();
        var mp3 = _clips.Ffmpeg(_clips.File("marked.mp3"), "-i", marked, "-c:a", "libmp3lame", "-b:a", "64k");
        var reading = AudioProtection.Detect(mp3, Clips.Key);
        Assert.True(reading.Mark.Payload == Clips.Payload, $"mp3 z {reading.SyncZ:0.0} sync {reading.SyncAgreement:0.00}");
    }

    [Fact]
    public void Evidence_accumulates_through_noise_at_20_db()
    {
        // 22 s (the speech sample twice): on 10-11 s of speech, white noise at 20 dB SNR decodes only with little
        // margin (see docs/benchmarks/video-audio.md); over three blocks the soft values add up to a sure decode.
        var source = _clips.Ffmpeg(_clips.File("long.wav"), "-stream_loop", "1", "-i", Clips.Speech, "-ar", "48000", "-ac", "2");
        var marked = _clips.File("long.marked.wav");
        AudioProtection.Embed(source, marked, Clips.Key, Clips.Payload, MediaProbe.Probe(source, Limits), new EncodeSettings(), ["-c:a", "pcm_f32le"]);
        // The speech sample's RMS is about 0.148 (-16.6 dBFS); uniform noise of amplitude a has RMS a/sqrt(3).
        var noisy = _clips.Ffmpeg(_clips.File("noisy.wav"), "-i", marked, "-filter_complex",
            "[0:a]pan=mono|c0=0.5*c0+0.5*c1[x];anoisesrc=color=white:amplitude=0.0256:sample_rate=48000:duration=60:seed=3[n];[x][n]amix=inputs=2:duration=first:normalize=0",
            "-c:a", "pcm_f32le");
        var noise = AudioProtection.Detect(noisy, Clips.Key);
        Assert.True(noise.Mark.Payload == Clips.Payload, $"noise z {noise.SyncZ:0.0} sync {noise.SyncAgreement:0.00}");
    }

    [Fact]
    public void Unmarked_audio_and_wrong_key_are_not_detected()
    {
        var (source, marked, _) = MarkSpeech();
        var unmarked = AudioProtection.Detect(source, Clips.Key);
        Assert.False(unmarked.Mark.Detected);
        Assert.False(unmarked.Present);
        var wrongKey = AudioProtection.Detect(marked, Clips.OtherKey);
        Assert.False(wrongKey.Mark.Detected);
        Assert.False(wrongKey.Present);
    }

    [Fact]
    public void Digital_silence_stays_silent()
    {
        // 3 s of digital silence, 5 s of speech, 3 s of silence.
        var source = _clips.Ffmpeg(_clips.File("gaps.wav"), "-f", "lavfi", "-t", "3", "-i", "anullsrc=r=48000:cl=stereo", "-t", "5", "-i", Clips.Speech,
            "-filter_complex", "[1:a]aresample=48000,aformat=channel_layouts=stereo[s];[0:a][s][0:a]concat=n=3:v=0:a=1", "-c:a", "pcm_f32le");
        var marked = _clips.File("gaps.marked.wav");
        AudioProtection.Embed(source, marked, Clips.Key, Clips.Payload, MediaProbe.Probe(source, Limits), new EncodeSettings(), ["-c:a", "pcm_f32le"]);
        // The frames that straddle the speech's edges are marked; well inside the gaps nothing may be added (-60 dBFS is 0.001 RMS).
        Assert.True(Rms(marked, 0, 2.5) < 1e-3, $"leading gap RMS {Rms(marked, 0, 2.5)}");
        Assert.True(Rms(marked, 8.5, 2.5) < 1e-3, $"trailing gap RMS {Rms(marked, 8.5, 2.5)}");
    }

    private static double Rms(string path, double start, double seconds)
    {
        using var reader = new AudioSampleReader(path, 48000, 2, start, seconds);
        var buffer = new float[1 << 14];
        double sum = 0;
        long count = 0;
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            for (var i = 0; i < n; i++) sum += buffer[i] * (double)buffer[i];
            count += n;
        }
        return count == 0 ? 0 : Math.Sqrt(sum / count);
    }

    public void Dispose() => _clips.Dispose();
}
