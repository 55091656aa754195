using System.Globalization;

namespace Protect.Domain.Media;

/// <summary>
/// Decodes the first video stream to yuv420p frames over a pipe, one frame at a time into one reused buffer:
/// memory is one frame, whatever the duration.
/// </summary>
public sealed class VideoFrameReader : IDisposable
{
    private readonly MediaTool _tool;
    private bool _finished;

    public VideoFrameReader(string path, int width, int height, double? maxSeconds = null)
    {
        Width = width;
        Height = height;
        Frame = new byte[Yuv420.FrameBytes(width, height)];
        // -xerror: a damaged or truncated file must fail loudly, not yield a silently shorter video.
        List<string> args = ["-v", "error", "-nostdin", "-xerror", "-i", path, "-map", "0:v:0"];
        if (maxSeconds is { } t) args.AddRange(["-t", t.ToString("0.###", CultureInfo.InvariantCulture)]);
        args.AddRange(["-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"]);
        _tool = MediaTool.Start(MediaTool.FfmpegPath, args, writesStdin: false);
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>The current frame: Y plane (Width x Height), then U and V (each ceil(W/2) x ceil(H/2)).</summary>
    public byte[] Frame { get; }

    public int FramesRead { get; private set; }

    /// <summary>Reads the next frame into <see cref="Frame"/>; false at the end. Decoder failure throws InvalidMediaException.</summary>
    public bool ReadFrame()
    {
        if (_finished) return false;
        var filled = 0;
        while (filled < Frame.Length)
        {
            var n = _tool.Output.Read(Frame, filled, Frame.Length - filled);
            if (n == 0) break;
            filled += n;
        }
        if (filled < Frame.Length)
        {
            _finished = true;
            _tool.WaitAndCheck("ffmpeg could not decode the video (damaged or truncated file)");
            return false;
        }
        FramesRead++;
        return true;
    }

    public void Dispose() => _tool.Dispose();
}

public static class Yuv420
{
    public static int FrameBytes(int width, int height) => checked(width * height + 2 * ChromaWidth(width) * ChromaHeight(height));
    public static int ChromaWidth(int width) => (width + 1) / 2;
    public static int ChromaHeight(int height) => (height + 1) / 2;
}
