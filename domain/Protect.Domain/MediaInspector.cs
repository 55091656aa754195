using Protect.Domain.Assets;
using Protect.Domain.Errors;
using Protect.Domain.Imaging;
using Protect.Domain.Media;
using Protect.Domain.Splats;

namespace Protect.Domain;

/// <summary>Tells which kind of work an upload is (image, 3DGS scene, video or audio), and checks it completely before anything is stored.</summary>
public static class MediaInspector
{
    public static (AssetKind Kind, MediaFacts Facts) Inspect(Stream file, string? fileName, MediaLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(limits);
        if (file.Length == 0) throw new InvalidMediaException("The file is empty.");
        if (file.Length > limits.MaxUploadBytes) throw new MediaTooLargeException(limits.MaxUploadBytes);
        file.Position = 0;
        if (SplatProtection.LooksLikeSplat(file, fileName))
            return (AssetKind.Splat, SplatProtection.Inspect(file, fileName));
        // ffprobe reads from disk; uploads are spooled to a temp file first, so video and audio always have a path.
        if (file is FileStream { Name: var path } && StreamMediaInspector.LooksLikeStreamMedia(file))
            return StreamMediaInspector.Inspect(path, fileName, limits.Media);
        return (AssetKind.Image, ImageInspector.Inspect(file, limits));
    }
}
