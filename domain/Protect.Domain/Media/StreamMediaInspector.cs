using Protect.Domain.Assets;
using Protect.Domain.Errors;

namespace Protect.Domain.Media;

/// <summary>
/// Recognizes video and audio uploads by their container signature (never by the client's file name alone) and
/// checks them with ffprobe against the limits before anything is stored: an unreadable file is refused with
/// ffprobe's reason.
/// </summary>
public static class StreamMediaInspector
{
    private static readonly Dictionary<string, (AssetKind Kind, string ContentType)> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mp4"] = (AssetKind.Video, "video/mp4"),
        ["mov"] = (AssetKind.Video, "video/quicktime"),
        ["mkv"] = (AssetKind.Video, "video/x-matroska"),
        ["webm"] = (AssetKind.Video, "video/webm"),
        ["wav"] = (AssetKind.Audio, "audio/wav"),
        ["flac"] = (AssetKind.Audio, "audio/flac"),
        ["mp3"] = (AssetKind.Audio, "audio/mpeg"),
        ["ogg"] = (AssetKind.Audio, "audio/ogg"),
        ["opus"] = (AssetKind.Audio, "audio/ogg"),
        ["m4a"] = (AssetKind.Audio, "audio/mp4"),
    };

    /// <summary>The kind a stored blob holds, from the extension the inspector gave it.</summary>
    public static AssetKind? KindOfBlob(string blobName) =>
        ByExtension.TryGetValue(Path.GetExtension(blobName).TrimStart('.'), out var entry) ? entry.Kind : null;

    /// <summary>True when the first bytes are a container ffmpeg reads: ISO BMFF, Matroska/WebM, RIFF WAVE, FLAC, Ogg or MP3.</summary>
    public static bool LooksLikeStreamMedia(Stream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        Span<byte> head = stackalloc byte[12];
        file.Position = 0;
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (read < 4) return false;
        head = head[..read];
        return (read >= 8 && head[4..8].SequenceEqual("ftyp"u8))
            || head[..4].SequenceEqual(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 })
            || (read >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
            || head[..4].SequenceEqual("fLaC"u8)
            || head[..4].SequenceEqual("OggS"u8)
            || head[..3].SequenceEqual("ID3"u8)
            || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0);
    }

    /// <summary>Probes the spooled file on disk and picks the stored extension from what ffprobe found.</summary>
    public static (AssetKind Kind, MediaFacts Facts) Inspect(string path, string? fileName, MediaStreamLimits limits)
    {
        var info = MediaProbe.Probe(path, limits);
        var extension = ExtensionFor(info, fileName);
        var (kind, contentType) = ByExtension[extension];
        if (kind == AssetKind.Video && info.Video is null)
            (kind, contentType, extension) = (AssetKind.Audio, "audio/mp4", "m4a"); // an audio-only MP4 is an audio file
        if (kind == AssetKind.Video && info.Video is { } v && (v.Width <= 0 || v.Height <= 0))
            throw new InvalidMediaException("The video stream declares no picture size.");
        return (kind, new MediaFacts(contentType, extension, info.SizeBytes, info.Video?.Width ?? 0, info.Video?.Height ?? 0));
    }

    /// <summary>ffprobe's container name decides; the client's extension only picks among names of the same container.</summary>
    private static string ExtensionFor(MediaInfo info, string? fileName)
    {
        var claimed = Path.GetExtension(fileName ?? "").TrimStart('.').ToLowerInvariant();
        var container = info.Container;
        string[] candidates = container switch
        {
            _ when container.Contains("mp4", StringComparison.Ordinal) => info.Video is null ? ["m4a", "mp4"] : ["mp4", "mov", "m4a"],
            _ when container.Contains("matroska", StringComparison.Ordinal) => info.Video is null ? ["webm", "mkv"] : ["mkv", "webm"],
            "wav" => ["wav"],
            "flac" => ["flac"],
            "ogg" => ["ogg", "opus"],
            "mp3" => ["mp3"],
            _ => throw new InvalidMediaException($"Unsupported container '{container}'; upload MP4, MOV, MKV, WebM, WAV, FLAC, MP3, OGG/Opus or M4A."),
        };
        return candidates.Contains(claimed) ? claimed : candidates[0];
    }
}
