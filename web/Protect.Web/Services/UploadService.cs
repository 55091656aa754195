using Microsoft.EntityFrameworkCore;
using Protect.Domain;
using Protect.Domain.Assets;
using Protect.Domain.Errors;
using Protect.Domain.Splats.Watermarking;
using Protect.Domain.Imaging;
using Protect.Domain.Storage;
using Protect.Domain.Verifications;
using Protect.Infrastructure.Data;
using Protect.Workers;

namespace Protect.Web.Services;

/// <summary>
/// Accepts a file from the REST API or the portal: check it completely first, then store the blob, then the row,
/// then enqueue. A bad file is refused before anything is written; a failure after the blob removes the blob.
/// </summary>
public sealed class UploadService(ProtectDbContext db, MediaIntake intake, JobScheduler jobs, TimeProvider clock)
{
    /// <param name="hiddenMessage">Optional text to hide beside the ID; 3DGS scenes only, up to 1 KB of UTF-8.</param>
    public Task<Asset> CreateAssetAsync(string ownerId, string? fileName, Stream content, CancellationToken cancellationToken, string? hiddenMessage = null) =>
        AcceptAsync(content, fileName, id => $"assets/{id:N}/original", async (id, kind, facts, blob) =>
        {
            CheckHiddenMessage(kind, hiddenMessage);
            var asset = Asset.Create(id, ownerId, kind, UploadSpool.SafeFileName(fileName), facts,
                await NewWatermarkIdAsync(cancellationToken), blob.Name, blob.Sha256, clock.GetUtcNow().UtcDateTime,
                string.IsNullOrEmpty(hiddenMessage) ? null : hiddenMessage);
            db.Assets.Add(asset);
            await db.SaveChangesAsync(cancellationToken);
            jobs.ScheduleProtection(asset);
            return asset;
        }, cancellationToken);

    public Task<Verification> CreateVerificationAsync(string ownerId, string? fileName, Stream content, CancellationToken cancellationToken) =>
        AcceptAsync(content, fileName, id => $"verifications/{id:N}/suspect", async (id, _, _, blob) =>
        {
            var verification = Verification.Create(id, ownerId, UploadSpool.SafeFileName(fileName), blob.Name, blob.Sha256, clock.GetUtcNow().UtcDateTime);
            db.Verifications.Add(verification);
            await db.SaveChangesAsync(cancellationToken);
            jobs.ScheduleVerification(verification);
            return verification;
        }, cancellationToken);

    private Task<T> AcceptAsync<T>(Stream content, string? fileName, Func<Guid, string> blobStem,
        Func<Guid, AssetKind, MediaFacts, BlobInfo, Task<T>> record, CancellationToken cancellationToken) =>
        intake.AcceptAsync(content, fileName, blobStem, record, cancellationToken);

    private static void CheckHiddenMessage(AssetKind kind, string? message)
    {
        if (string.IsNullOrEmpty(message)) return;
        if (kind != AssetKind.Splat)
            throw new InvalidRequestException("Hidden messages are for 3DGS scenes", "Only .ply, .splat and .spz uploads can carry a hidden message.");
        if (System.Text.Encoding.UTF8.GetByteCount(message) > SplatMessageLayer.MaxTextBytes)
            throw new InvalidRequestException("Hidden message too long", $"A hidden message holds at most {SplatMessageLayer.MaxTextBytes} bytes of UTF-8.");
    }

    /// <summary>IDs are random; with 2^64 of them a clash is near impossible, but the unique index would refuse one.</summary>
    private async Task<WatermarkId> NewWatermarkIdAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var candidate = WatermarkId.NewRandom();
            if (!await db.Assets.AnyAsync(a => a.WatermarkId == candidate, cancellationToken)) return candidate;
        }
    }
}
