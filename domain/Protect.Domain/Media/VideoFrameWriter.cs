using System.Globalization;

namespace Protect.Domain.Media;

/// <summary>
/// Encodes yuv420p frames written over a pipe, optionally muxing an already-finished audio file (the marked
/// soundtrack) beside them. Dispose without <see cref="Complete"/> abandons the output.
/// </summary>
public sealed class VideoFrameWriter : IDisposable
{
    private readonly MediaTool _tool;
    private readonly int _frameBytes;

    public VideoFrameWriter(string outputPath, int width, int height, string frameRate, string? audioPath, EncodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _frameBytes = Yuv420.FrameBytes(width, height);
        List<string> args =
        [
            "-v", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"),
            "-r", frameRate, "-i", "pipe:0",
        ];
        if (audioPath is not null) args.AddRange(["-i", audioPath]);
        args.AddRange(["-map", "0:v:0"]);
        if (audioPath is not null) args.AddRange(["-map", "1:a:0"]);
        args.AddRange(settings.VideoCodecArgs(outputPath));
        if (audioPath is not null) args.AddRange(settings.AudioCodecArgs(outputPath));
        args.AddRange(EncodeSettings.ContainerArgs(outputPath));
        args.Add(outputPath);
        _tool = MediaTool.Start(MediaTool.FfmpegPath, args, writesStdin: true);
    }

    public void WriteFrame(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != _frameBytes)
            throw new ArgumentException($"Expected a {_frameBytes}-byte yuv420p frame, got {frame.Length}.", nameof(frame));
        try
        {
            _tool.Input.Write(frame);
        }
        catch (IOException)
        {
            // The encoder died; its own reason is more useful than "broken pipe".
            _tool.WaitAndCheck("ffmpeg could not encode the video");
            throw;
        }
    }

    public void Complete()
    {
        _tool.Input.Close();
        _tool.WaitAndCheck("ffmpeg could not encode the video");
    }

    public void Dispose() => _tool.Dispose();
}
