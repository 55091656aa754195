using System.ComponentModel.DataAnnotations;

namespace Protect.Domain.Imaging;

/// <summary>Limits checked before anything is decoded or allocated.</summary>
public sealed class MediaLimitsOptions
{
    public const string SectionName = "Protect:Limits";

    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>Video and audio limits (section Protect:Limits:Media), checked from ffprobe's header.</summary>
    public Media.MediaStreamLimits Media { get; set; } = new();
}
