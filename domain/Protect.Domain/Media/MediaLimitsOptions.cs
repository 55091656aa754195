using System.ComponentModel.DataAnnotations;

namespace Protect.Domain.Media;

/// <summary>Limits on video and audio, checked from ffprobe's header before a single frame is decoded or allocated.</summary>
public sealed class MediaStreamLimits
{
    public const string SectionName = "Protect:Limits:Media";

    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    [Range(0.1, 86_400)]
    public double MaxDurationSeconds { get; set; } = 3 * 3600;

    /// <summary>8K UHD; one yuv420p frame of this size is ~50 MB, the largest buffer we ever hold.</summary>
    [Range(1, int.MaxValue)]
    public int MaxWidth { get; set; } = 7680;

    [Range(1, int.MaxValue)]
    public int MaxHeight { get; set; } = 4320;

    [Range(1, 1_000_000)]
    public int MaxSampleRate { get; set; } = 192_000;

    [Range(1, 64)]
    public int MaxChannels { get; set; } = 16;
}
