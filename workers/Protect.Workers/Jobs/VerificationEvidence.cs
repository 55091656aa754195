using Microsoft.EntityFrameworkCore;
using Protect.Domain.Assets;
using Protect.Domain.Attribution;
using Protect.Domain.Imaging.Hashing;
using Protect.Infrastructure.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Workers.Jobs;

/// <summary>
/// What a verification learns beyond the watermark: the caller's protected images whose perceptual hash is near
/// the suspect's (found even when the mark is gone), and which of the caller's generators made it, if a model
/// exists. Only the caller's own assets and models are ever consulted.
/// </summary>
public sealed class VerificationEvidence(ProtectDbContext db, AttributionModels models)
{
    /// <summary>Hashes of flat, featureless images (low PDQ quality) match too easily to be evidence.</summary>
    public const int MinimumHashQuality = 50;

    public async Task<(IReadOnlyList<CatalogHit> Catalog, AttributionOutcome? Attribution)> GatherAsync(
        string ownerId, Image<Rgba32> image, CancellationToken cancellationToken)
    {
        var catalog = await SearchCatalogAsync(ownerId, image, cancellationToken);
        var model = await db.AttributionModels.AsNoTracking()
            .Where(m => m.OwnerId == ownerId && m.Status == ModelTrainingStatus.Ready)
            .OrderByDescending(m => m.Version).FirstOrDefaultAsync(cancellationToken);
        if (model?.Blob is null) return (catalog, null);
        var prediction = await models.PredictAsync(model.Blob, image, cancellationToken);
        return (catalog, AttributeImageJob.ToOutcome(prediction, model));
    }

    private async Task<IReadOnlyList<CatalogHit>> SearchCatalogAsync(string ownerId, Image<Rgba32> image, CancellationToken cancellationToken)
    {
        var hashes = await db.Assets.AsNoTracking()
            .Where(a => a.OwnerId == ownerId && a.Kind == AssetKind.Image && a.PerceptualHash != null && a.HashQuality >= MinimumHashQuality)
            .Select(a => new { a.Id, a.PerceptualHash }).ToListAsync(cancellationToken);
        if (hashes.Count == 0) return [];
        var variants = PdqHasher.ComputeDihedral(image, out var quality); // one DCT gives the quality and all 8 variants
        if (quality < MinimumHashQuality) return [];
        var catalog = new HashCatalog();
        foreach (var entry in hashes)
            catalog.Add(entry.Id, PerceptualHash.Parse(entry.PerceptualHash!));
        return catalog.Search(variants, HashCatalog.MatchDistance)
            .Select(m => new CatalogHit(m.Id, m.Distance)).ToList();
    }

    /// <summary>The original's hash, recorded when an image is protected.</summary>
    public static async Task<HashResult> HashAsync(Stream original, CancellationToken cancellationToken)
    {
        original.Position = 0;
        using var image = await Image.LoadAsync<Rgba32>(original, cancellationToken);
        return PdqHasher.Compute(image);
    }
}
