using System.Globalization;
using System.Runtime.InteropServices;

namespace Protect.Domain.Media;

/// <summary>
/// Decodes the first audio stream to interleaved 32-bit float over a pipe, optionally downmixed and resampled
/// by ffmpeg (the detector reads everything as 16 kHz mono). Memory is the caller's buffer.
/// </summary>
public sealed class AudioSampleReader : IDisposable
{
    private readonly MediaTool _tool;
    private bool _finished;

    public AudioSampleReader(string path, int sampleRate, int channels, double? startSeconds = null, double? maxSeconds = null)
    {
        SampleRate = sampleRate;
        Channels = channels;
        List<string> args = ["-v", "error", "-nostdin", "-xerror"];
        if (startSeconds is { } s) args.AddRange(["-ss", s.ToString("0.###", CultureInfo.InvariantCulture)]);
        args.AddRange(["-i", path, "-map", "0:a:0"]);
        if (maxSeconds is { } t) args.AddRange(["-t", t.ToString("0.###", CultureInfo.InvariantCulture)]);
        args.AddRange([
            "-f", "f32le", "-ac", channels.ToString(CultureInfo.InvariantCulture),
            "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "pipe:1",
        ]);
        _tool = MediaTool.Start(MediaTool.FfmpegPath, args, writesStdin: false);
    }

    public int SampleRate { get; }
    public int Channels { get; }

    /// <summary>Fills <paramref name="buffer"/> with whole sample frames (all channels); returns floats read, 0 at the end.</summary>
    public int Read(Span<float> buffer)
    {
        if (_finished) return 0;
        var whole = buffer.Length - buffer.Length % Channels;
        var bytes = MemoryMarshal.AsBytes(buffer[..whole]);
        var filled = 0;
        while (filled < bytes.Length)
        {
            var n = _tool.Output.Read(bytes[filled..]);
            if (n == 0) break;
            filled += n;
        }
        if (filled < bytes.Length)
        {
            _finished = true;
            _tool.WaitAndCheck("ffmpeg could not decode the audio (damaged or truncated file)");
        }
        var frameBytes = sizeof(float) * Channels;
        return filled / frameBytes * Channels; // a torn last sample frame is dropped
    }

    public void Dispose() => _tool.Dispose();

}
