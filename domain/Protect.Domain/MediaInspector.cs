using Protect.Domain.Assets;
using Protect.Domain.Errors;
using Protect.Domain.Imaging;
using Protect.Domain.Splats;

namespace Protect.Domain;

/// <summary>Tells which kind of work an upload is, and checks it completely before anything is stored.</summary>
public static class MediaInspector
{
    public static (AssetKind Kind, MediaFacts Facts) Inspect(Stream file, string? fileName, MediaLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(limits);
        if (file.Length == 0) throw new InvalidMediaException("The file is empty.");
        if (file.Length > limits.MaxUploadBytes) throw new MediaTooLargeException(limits.MaxUploadBytes);
        file.Position = 0;
        return SplatProtection.LooksLikeSplat(file, fileName)
            ? (AssetKind.Splat, SplatProtection.Inspect(file, fileName))
            : (AssetKind.Image, ImageInspector.Inspect(file, limits));
    }
}
