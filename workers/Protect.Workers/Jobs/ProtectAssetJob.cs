using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Protect.Domain.Assets;
using Protect.Domain.Errors;
using Protect.Domain.Imaging;
using Protect.Domain.Splats;
using Protect.Domain.Storage;
using Protect.Infrastructure.Data;
using Protect.Infrastructure.Keys;

namespace Protect.Workers.Jobs;

/// <summary>
/// Embeds the asset's watermark ID into its original and stores the protected copy. Idempotent: a protected asset
/// is left alone, and a rerun after a crash overwrites the same blob names. Transient errors propagate to
/// Hangfire's retries; a file that cannot be decoded fails at once.
/// </summary>
[AutomaticRetry(Attempts = 3)]
public sealed partial class ProtectAssetJob(
    ProtectDbContext db, IDbContextFactory<ProtectDbContext> dbFactory, IBlobStore blobs, ImageProtection images, SplatProtection splats,
    ServiceKeyFile serviceKey, MediaLimitsOptions limits, TimeProvider clock, ILogger<ProtectAssetJob> logger)
{
    [JobDisplayName("Protect asset {0}")]
    public async Task RunAsync(Guid assetId, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.SingleOrDefaultAsync(a => a.Id == assetId, cancellationToken);
        if (asset is null || !asset.TryStartProcessing(clock.GetUtcNow().UtcDateTime))
        {
            LogSkipped(assetId);
            return;
        }
        await db.SaveChangesAsync(cancellationToken);
        var progress = new JobProgress(dbFactory, clock, assetId, JobProgress.Target.Asset);

        using var work = new TempFiles();
        try
        {
            var original = await work.DownloadAsync(blobs, asset.OriginalBlob, cancellationToken);
            var extension = Path.GetExtension(asset.OriginalBlob);
            if (asset.Kind is AssetKind.Video or AssetKind.Audio)
            {
                await ProtectStreamMediaAsync(asset, original, work.PathWithExtension(extension), progress, cancellationToken);
                return;
            }
            var output = work.Create();
            using var difference = new MemoryStream();
            var outcome = asset.Kind == AssetKind.Splat
                ? await ProtectSplatAsync(asset, original, output, difference, progress, cancellationToken)
                : images.Protect(original, output, difference, serviceKey.Key, asset.WatermarkId, progress.Scaled(5, 85));
            cancellationToken.ThrowIfCancellationRequested();
            if (asset.Kind == AssetKind.Image)
            {
                var hash = await VerificationEvidence.HashAsync(original, cancellationToken);
                asset.RecordPerceptualHash(hash.Hash.ToHex(), hash.Quality);
            }

            output.Position = 0;
            var stored = await blobs.WriteAsync($"assets/{asset.Id:N}/protected{extension}", output, asset.ContentType, cancellationToken);
            difference.Position = 0;
            var diff = await blobs.WriteAsync($"assets/{asset.Id:N}/difference.png", difference, "image/png", cancellationToken);
            asset.MarkProtected(stored.Name, stored.Sha256, diff.Name, outcome.Psnr, outcome.Ssim, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            LogProtected(assetId, outcome.Psnr);
        }
        catch (InvalidMediaException e)
        {
            asset.MarkFailed(e.Message, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    /// <summary>Video and audio: ffmpeg reads the original from disk and writes the protected file beside it.</summary>
    private async Task ProtectStreamMediaAsync(Asset asset, FileStream original, string outputPath, JobProgress progress, CancellationToken cancellationToken)
    {
        var outcome = StreamMediaJobs.Protect(asset.Kind, original.Name, outputPath, serviceKey.Key, asset.WatermarkId, limits.Media, progress.Scaled(5, 90));
        cancellationToken.ThrowIfCancellationRequested();
        await using var output = File.OpenRead(outputPath);
        var stored = await blobs.WriteAsync($"assets/{asset.Id:N}/protected{Path.GetExtension(outputPath)}", output, asset.ContentType, cancellationToken);
        asset.MarkProtected(stored.Name, stored.Sha256, null, outcome.PsnrY, null, clock.GetUtcNow().UtcDateTime, outcome.AudioSnrDb);
        await db.SaveChangesAsync(cancellationToken);
        LogProtected(asset.Id, outcome.PsnrY ?? double.NaN);
    }

    /// <summary>Scenes also get rendered previews (original and protected), since a browser cannot show a .ply.</summary>
    private async Task<ProtectionOutcome> ProtectSplatAsync(Asset asset, Stream original, Stream output, Stream difference, JobProgress progress, CancellationToken cancellationToken)
    {
        using var previewOriginal = new MemoryStream();
        using var previewProtected = new MemoryStream();
        var outcome = splats.Protect(original, asset.OriginalBlob, output, serviceKey.Key, asset.WatermarkId,
            new SplatPreviews(previewOriginal, previewProtected, difference), progress.Scaled(5, 85), asset.HiddenMessage);
        previewOriginal.Position = 0;
        await blobs.WriteAsync(AssetPreviews.BlobName(asset.Id, AssetPreviews.Original), previewOriginal, "image/png", cancellationToken);
        previewProtected.Position = 0;
        await blobs.WriteAsync(AssetPreviews.BlobName(asset.Id, AssetPreviews.Protected), previewProtected, "image/png", cancellationToken);
        return outcome;
    }

    [LoggerMessage(LogLevel.Information, "Asset {AssetId} protected (PSNR {Psnr:0.0} dB)")]
    private partial void LogProtected(Guid assetId, double psnr);

    [LoggerMessage(LogLevel.Information, "Asset {AssetId} is gone or already protected; nothing to do")]
    private partial void LogSkipped(Guid assetId);
}
