namespace Protect.Domain.Media;

/// <summary>Output encoding; the defaults are the issue's: H.264 CRF 18 + AAC 192k (VP9 + Opus for WebM).</summary>
public sealed record EncodeSettings
{
    public int Crf { get; init; } = 18;
    public string Preset { get; init; } = "medium";
    public string AudioBitrate { get; init; } = "192k";

    /// <summary>ffmpeg codec arguments for the container named by the output path's extension.</summary>
    internal IReadOnlyList<string> VideoCodecArgs(string outputPath) => Extension(outputPath) switch
    {
        ".webm" => ["-c:v", "libvpx-vp9", "-crf", (Crf + 12).ToString(System.Globalization.CultureInfo.InvariantCulture), "-b:v", "0", "-row-mt", "1"],
        _ => ["-c:v", "libx264", "-preset", Preset, "-crf", Crf.ToString(System.Globalization.CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p"],
    };

    /// <summary>Audio codec for the container; audio-only files keep their kind (lossless stays lossless).</summary>
    internal IReadOnlyList<string> AudioCodecArgs(string outputPath) => Extension(outputPath) switch
    {
        ".wav" => ["-c:a", "pcm_s16le"],
        ".flac" => ["-c:a", "flac"],
        ".mp3" => ["-c:a", "libmp3lame", "-b:a", AudioBitrate],
        ".ogg" or ".opus" or ".webm" => ["-c:a", "libopus", "-b:a", AudioBitrate],
        _ => ["-c:a", "aac", "-b:a", AudioBitrate],
    };

    internal static IReadOnlyList<string> ContainerArgs(string outputPath) => Extension(outputPath) switch
    {
        ".mp4" or ".m4a" or ".mov" => ["-movflags", "+faststart"],
        _ => [],
    };

    private static string Extension(string path) => Path.GetExtension(path).ToLowerInvariant();
}
