using Protect.Domain.Errors;
using Protect.Domain.Keys;
using Protect.Domain.Media;

namespace Protect.Domain.Audio;

/// <summary>
/// Marks and reads a whole soundtrack through ffmpeg pipes, in bounded memory: one ffmpeg decodes the native
/// samples that are written out, a second decodes the same input as 16 kHz mono for the analysis (ffmpeg's
/// resampler keeps the two time-aligned), and the 16 kHz change is upsampled and added to every channel.
/// </summary>
public static class AudioProtection
{
    private const int ChunkFrames = 4096;

    /// <summary>Marks the first audio stream of <paramref name="input"/> into <paramref name="output"/> (codec by extension, or <paramref name="codecArgs"/>).</summary>
    public static AudioEmbedOutcome Embed(string input, string output, WatermarkKey key, ulong payload, MediaInfo info,
        EncodeSettings settings, IReadOnlyList<string>? codecArgs = null, double step = AudioMarkEmbedder.DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(info);
        var audio = info.RequireAudio();
        if (audio.SampleRate < AudioMarkLayout.SampleRate)
            throw new InvalidMediaException($"Audio at {audio.SampleRate} Hz cannot carry the mark; at least {AudioMarkLayout.SampleRate} Hz is needed.");
        var channels = audio.Channels;
        var embedder = new AudioMarkEmbedder(key, payload, step);
        var upsampler = new Upsampler(AudioMarkLayout.SampleRate, audio.SampleRate);
        using var native = new AudioSampleReader(input, audio.SampleRate, channels);
        using var analysis = new AudioSampleReader(input, AudioMarkLayout.SampleRate, 1);
        using var writer = new AudioSampleWriter(output, audio.SampleRate, channels, settings, codecArgs);

        var samples = new float[ChunkFrames * channels];
        var change = new float[ChunkFrames];
        var frame16 = new float[AudioMarkLayout.FrameLength];
        var change16 = new float[AudioMarkLayout.FrameLength];
        var analysisDone = false;
        double signal = 0, noise = 0;
        int read;
        while ((read = native.Read(samples)) > 0)
        {
            var frames = read / channels;
            var got = 0;
            while (got < frames)
            {
                got += upsampler.Pull(change.AsSpan(got, frames - got), analysisDone);
                if (got >= frames || analysisDone) break;
                var n = analysis.Read(frame16);
                if (n < frame16.Length)
                {
                    // A last partial frame is left unmarked; past the end the change is zero.
                    analysisDone = true;
                    if (n > 0) upsampler.Push(new float[n]);
                    continue;
                }
                embedder.NextFrame(frame16, change16);
                upsampler.Push(change16);
            }
            for (var i = 0; i < frames; i++)
            {
                for (var c = 0; c < channels; c++)
                {
                    ref var s = ref samples[i * channels + c];
                    var marked = Math.Clamp(s + change[i], -1f, 1f);
                    signal += s * (double)s;
                    noise += (marked - s) * (double)(marked - s);
                    s = marked;
                }
            }
            writer.Write(samples.AsSpan(0, read));
        }
        writer.Complete();
        return new AudioEmbedOutcome(noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise));
    }

    /// <summary>Reads the mark from the first audio stream (any rate and layout: ffmpeg downmixes it to 16 kHz mono).</summary>
    public static AudioMarkReading Detect(string input, WatermarkKey key, double? maxSeconds = null)
    {
        var detector = new AudioMarkDetector(key);
        using var reader = new AudioSampleReader(input, AudioMarkLayout.SampleRate, 1, maxSeconds: maxSeconds);
        var buffer = new float[1 << 14];
        int n;
        while ((n = reader.Read(buffer)) > 0) detector.Push(buffer.AsSpan(0, n));
        return detector.Read();
    }
}

/// <param name="SnrDb">Signal-to-mark ratio over all channels, before the output encoder.</param>
public sealed record AudioEmbedOutcome(double SnrDb);
