namespace Protect.Domain.Assets;

/// <summary>
/// Rendered previews of works a browser cannot display (3DGS scenes): named by convention beside the asset's
/// files, so no extra columns are needed.
/// </summary>
public static class AssetPreviews
{
    public const string Original = "original";
    public const string Protected = "protected";

    public static string BlobName(Guid assetId, string which) => $"assets/{assetId:N}/preview-{which}.png";
}
