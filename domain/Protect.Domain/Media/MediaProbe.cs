using System.Globalization;
using System.Text.Json;
using Protect.Domain.Errors;

namespace Protect.Domain.Media;

public sealed record VideoStreamInfo(int Width, int Height, string FrameRate, double FramesPerSecond, long? FrameCount);

public sealed record AudioStreamInfo(int SampleRate, int Channels, string Codec);

/// <summary>What ffprobe says about a file: container, duration, the first video and audio streams.</summary>
public sealed record MediaInfo(string Container, double DurationSeconds, long SizeBytes, VideoStreamInfo? Video, AudioStreamInfo? Audio)
{
    public VideoStreamInfo RequireVideo() =>
        Video ?? throw new InvalidMediaException("The file has no video stream (audio-only or not a video).");

    public AudioStreamInfo RequireAudio() =>
        Audio ?? throw new InvalidMediaException("The file has no audio stream.");
}

/// <summary>Runs ffprobe and enforces the limits from the header, before anything is decoded.</summary>
public static class MediaProbe
{
    public static MediaInfo Probe(string path, MediaStreamLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var size = new FileInfo(path).Length;
        if (size == 0) throw new InvalidMediaException("The file is empty (0 bytes).");
        if (size > limits.MaxBytes) throw new MediaTooLargeException(limits.MaxBytes);

        using var tool = MediaTool.Start(MediaTool.FfprobePath,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path], writesStdin: false);
        string json;
        using (var reader = new StreamReader(tool.Output))
            json = reader.ReadToEnd();
        tool.WaitAndCheck("ffprobe could not read the file");
        var info = Parse(json, size);
        Enforce(info, limits);
        return info;
    }

    internal static MediaInfo Parse(string json, long size)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        VideoStreamInfo? video = null;
        AudioStreamInfo? audio = null;
        double duration = 0;
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var s in streams.EnumerateArray())
            {
                var type = Text(s, "codec_type");
                if (type == "video" && video is null && !IsCoverArt(s))
                {
                    var rate = Text(s, "avg_frame_rate") is { } avg && Rational(avg) > 0 ? avg : Text(s, "r_frame_rate") ?? "0/0";
                    long? frames = long.TryParse(Text(s, "nb_frames"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var nb) ? nb : null;
                    video = new VideoStreamInfo(Int(s, "width"), Int(s, "height"), rate, Rational(rate), frames);
                    duration = Math.Max(duration, Number(Text(s, "duration")));
                }
                else if (type == "audio" && audio is null)
                {
                    audio = new AudioStreamInfo(
                        (int)Number(Text(s, "sample_rate")), Int(s, "channels"), Text(s, "codec_name") ?? "unknown");
                    duration = Math.Max(duration, Number(Text(s, "duration")));
                }
            }
        }
        var container = "unknown";
        if (root.TryGetProperty("format", out var format))
        {
            container = Text(format, "format_name") ?? container;
            duration = Math.Max(duration, Number(Text(format, "duration")));
        }
        if (video is null && audio is null)
            throw new InvalidMediaException("ffprobe found no video or audio stream in the file.");
        return new MediaInfo(container, duration, size, video, audio);
    }

    private static void Enforce(MediaInfo info, MediaStreamLimits limits)
    {
        if (info.DurationSeconds > limits.MaxDurationSeconds)
            throw new InvalidMediaException($"The duration {info.DurationSeconds:0.#} s exceeds the limit of {limits.MaxDurationSeconds:0.#} s.");
        if (info.Video is { } v)
        {
            if (v.Width <= 0 || v.Height <= 0)
                throw new InvalidMediaException("The video stream declares no frame size.");
            if (v.Width > limits.MaxWidth || v.Height > limits.MaxHeight)
                throw new InvalidMediaException($"The video is {v.Width}x{v.Height}; the limit is {limits.MaxWidth}x{limits.MaxHeight}.");
            if (v.FramesPerSecond is <= 0 or > 1000)
                throw new InvalidMediaException($"The video declares an unusable frame rate '{v.FrameRate}'.");
        }
        if (info.Audio is { } a)
        {
            if (a.SampleRate <= 0 || a.SampleRate > limits.MaxSampleRate)
                throw new InvalidMediaException($"The audio sample rate {a.SampleRate} Hz is outside 1..{limits.MaxSampleRate}.");
            if (a.Channels <= 0 || a.Channels > limits.MaxChannels)
                throw new InvalidMediaException($"The audio has {a.Channels} channels; the limit is {limits.MaxChannels}.");
        }
    }

    /// <summary>MP3/M4A cover pictures are reported as one-frame video streams; they are not video.</summary>
    private static bool IsCoverArt(JsonElement s) =>
        s.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var p) && p.GetInt32() == 1;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    private static int Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : 0;

    private static double Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : 0;

    internal static double Rational(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2) return Number(text);
        var den = Number(parts[1]);
        return den == 0 ? 0 : Number(parts[0]) / den;
    }
}
