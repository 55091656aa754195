using Microsoft.EntityFrameworkCore;
using Protect.Domain.Assets;
using Protect.Domain.Errors;
using Protect.Domain.Storage;
using Protect.Domain.Verifications;
using Protect.Infrastructure.Data;

namespace Protect.Web.Services;

/// <summary>
/// Reads for one owner. Anything that belongs to someone else is reported exactly like something that does not
/// exist, so IDs cannot be probed.
/// </summary>
public sealed class AssetQueries(ProtectDbContext db, IBlobStore blobs)
{
    public const int MaxPageSize = 100;

    public async Task<(IReadOnlyList<Asset> Items, int Total)> ListAsync(string ownerId, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var query = db.Assets.AsNoTracking().Where(a => a.OwnerId == ownerId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<Asset> GetAsync(string ownerId, Guid id, CancellationToken cancellationToken) =>
        await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.OwnerId == ownerId, cancellationToken)
        ?? throw new ResourceNotFoundException("asset", id.ToString());

    public async Task<Verification> GetVerificationAsync(string ownerId, Guid id, CancellationToken cancellationToken) =>
        await db.Verifications.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id && v.OwnerId == ownerId, cancellationToken)
        ?? throw new ResourceNotFoundException("verification", id.ToString());

    public async Task<IReadOnlyList<Verification>> RecentVerificationsAsync(string ownerId, int count, CancellationToken cancellationToken) =>
        await db.Verifications.AsNoTracking().Where(v => v.OwnerId == ownerId)
            .OrderByDescending(v => v.CreatedAt).Take(count).ToListAsync(cancellationToken);

    /// <summary>The asset a verification matched, with its owner, to decide how much the caller may see.</summary>
    public async Task<Asset?> MatchedAssetAsync(Verification verification, CancellationToken cancellationToken) =>
        verification.MatchedAssetId is { } id
            ? await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            : null;

    /// <summary>The catalog hits of a verification with their file names; the search only ever covered the verifier's own assets.</summary>
    public async Task<IReadOnlyList<Api.CatalogMatchView>> CatalogMatchesAsync(Verification verification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verification);
        var hits = verification.CatalogMatches;
        if (hits.Count == 0) return [];
        var ids = hits.Select(h => h.AssetId).ToList();
        var names = await db.Assets.AsNoTracking().Where(a => a.OwnerId == verification.OwnerId && ids.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.FileName, cancellationToken);
        return hits.Where(h => names.ContainsKey(h.AssetId)).Select(h => new Api.CatalogMatchView(h.AssetId, names[h.AssetId], h.Distance)).ToList();
    }

    /// <summary>A stored tamper image of the caller's verification: mask, overlay, or a clue's heat map.</summary>
    public async Task<Stream> OpenTamperFileAsync(string ownerId, Guid verificationId, string which, string? clue, CancellationToken cancellationToken)
    {
        var verification = await GetVerificationAsync(ownerId, verificationId, cancellationToken);
        var tamper = verification.Tamper;
        string? blob = which switch
        {
            "mask" => TamperSummary.BlobNames.Mask(verificationId),
            "overlay" => TamperSummary.BlobNames.Overlay(verificationId),
            "heat" when tamper?.Clues.Any(c => c.Name == clue && c.HasHeatMap) == true => TamperSummary.BlobNames.Heat(verificationId, clue!),
            _ => null,
        };
        if (tamper is null || blob is null || await blobs.GetInfoAsync(blob, cancellationToken) is null)
            throw new ResourceNotFoundException("tamper image", $"{verificationId}/{which}{(clue is null ? "" : "/" + clue)}");
        return await blobs.OpenReadAsync(blob, cancellationToken);
    }

    public enum AssetFile { Original, Protected, Difference, PreviewOriginal, PreviewProtected }

    public async Task<(Stream Content, string ContentType, string DownloadName)> OpenFileAsync(string ownerId, Guid id, AssetFile which, CancellationToken cancellationToken)
    {
        var asset = await GetAsync(ownerId, id, cancellationToken);
        var (blob, type, name) = which switch
        {
            AssetFile.Original => (asset.OriginalBlob, asset.ContentType, asset.FileName),
            AssetFile.Protected => (asset.ProtectedBlob, asset.ContentType, ProtectedName(asset.FileName)),
            AssetFile.PreviewOriginal or AssetFile.PreviewProtected => Preview(asset, which),
            _ => (asset.DifferenceBlob, "image/png", Path.GetFileNameWithoutExtension(asset.FileName) + ".difference.png"),
        };
        // A preview that is not rendered yet is as absent as a file that was never made.
        if (blob is null || await blobs.GetInfoAsync(blob, cancellationToken) is null)
            throw new ResourceNotFoundException($"{which.ToString().ToLowerInvariant()} file of asset", id.ToString());
        return (await blobs.OpenReadAsync(blob, cancellationToken), type, name);
    }

    /// <summary>What a browser can show: the image itself, or a rendered view of a 3DGS scene.</summary>
    private static (string? Blob, string Type, string Name) Preview(Asset asset, AssetFile which)
    {
        var original = which == AssetFile.PreviewOriginal;
        if (asset.Kind != AssetKind.Splat)
            return original ? (asset.OriginalBlob, asset.ContentType, asset.FileName) : (asset.ProtectedBlob, asset.ContentType, ProtectedName(asset.FileName));
        var blob = AssetPreviews.BlobName(asset.Id, original ? AssetPreviews.Original : AssetPreviews.Protected);
        return (blob, "image/png", Path.GetFileNameWithoutExtension(asset.FileName) + (original ? ".preview.png" : ".protected.preview.png"));
    }

    private static string ProtectedName(string fileName) =>
        Path.GetFileNameWithoutExtension(fileName) + ".protected" + Path.GetExtension(fileName);
}
