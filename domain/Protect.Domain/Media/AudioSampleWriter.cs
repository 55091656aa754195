using System.Globalization;
using System.Runtime.InteropServices;

namespace Protect.Domain.Media;

/// <summary>Encodes interleaved 32-bit float samples written over a pipe; the codec follows the output's extension.</summary>
public sealed class AudioSampleWriter : IDisposable
{
    private readonly MediaTool _tool;

    public AudioSampleWriter(string outputPath, int sampleRate, int channels, EncodeSettings settings, IReadOnlyList<string>? codecArgs = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        List<string> args =
        [
            "-v", "error", "-y", "-f", "f32le",
            "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "-ac", channels.ToString(CultureInfo.InvariantCulture),
            "-i", "pipe:0",
        ];
        args.AddRange(codecArgs ?? settings.AudioCodecArgs(outputPath));
        args.AddRange(EncodeSettings.ContainerArgs(outputPath));
        args.Add(outputPath);
        _tool = MediaTool.Start(MediaTool.FfmpegPath, args, writesStdin: true);
    }

    public void Write(ReadOnlySpan<float> samples)
    {
        try
        {
            _tool.Input.Write(MemoryMarshal.AsBytes(samples));
        }
        catch (IOException)
        {
            _tool.WaitAndCheck("ffmpeg could not encode the audio");
            throw;
        }
    }

    public void Complete()
    {
        _tool.Input.Close();
        _tool.WaitAndCheck("ffmpeg could not encode the audio");
    }

    public void Dispose() => _tool.Dispose();
}
