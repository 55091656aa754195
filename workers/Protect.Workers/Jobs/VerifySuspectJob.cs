using Hangfire;
using Microsoft.EntityFrameworkCore;
using Protect.Domain.Assets;
using Protect.Domain.Errors;
using Protect.Domain.Verifications;
using Protect.Domain.Imaging;
using Protect.Domain.Media;
using Protect.Domain.Splats;
using Protect.Domain.Storage;
using Protect.Infrastructure.Data;
using Protect.Infrastructure.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Workers.Jobs;

/// <summary>Reads the watermark in a suspect file and links it to the registered asset that carries the same ID.</summary>
[AutomaticRetry(Attempts = 3)]
public sealed class VerifySuspectJob(
    ProtectDbContext db, IDbContextFactory<ProtectDbContext> dbFactory, IBlobStore blobs, ImageProtection images, SplatProtection splats,
    ServiceKeyFile serviceKey, VerificationEvidence evidence, MediaLimitsOptions limits, TimeProvider clock)
{
    [JobDisplayName("Verify suspect {0}")]
    public async Task RunAsync(Guid verificationId, CancellationToken cancellationToken)
    {
        var verification = await db.Verifications.SingleOrDefaultAsync(v => v.Id == verificationId, cancellationToken);
        if (verification is null || !verification.TryStartProcessing()) return;
        await db.SaveChangesAsync(cancellationToken);
        var progress = new JobProgress(dbFactory, clock, verificationId, JobProgress.Target.Verification);

        using var work = new TempFiles();
        try
        {
            var suspect = await work.DownloadAsync(blobs, verification.SuspectBlob, cancellationToken);
            progress.Report(20);
            if (StreamMediaInspector.KindOfBlob(verification.SuspectBlob) is { } mediaKind)
            {
                var (mediaReading, timeline) = StreamMediaJobs.Detect(mediaKind, suspect.Name, serviceKey.Key, limits.Media);
                verification.RecordTimeline(timeline);
                await CompleteAsync(verification, mediaReading, cancellationToken);
                return;
            }
            var reading = SplatProtection.LooksLikeSplat(suspect, verification.SuspectBlob)
                ? await DetectSplatAsync(suspect, verification, cancellationToken)
                : await VerifyImageAsync(verification, suspect, progress, cancellationToken);
            progress.Report(90);
            await CompleteAsync(verification, reading, cancellationToken);
        }
        catch (InvalidMediaException e)
        {
            verification.MarkFailed(e.Message, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Images get the full report: the copyright reading, the tamper analysis (mask, overlay and heat maps stored
    /// as blobs), the owner's catalog matches and, with a trained model, the generator attribution.
    /// </summary>
    private async Task<WatermarkReading> VerifyImageAsync(Verification verification, Stream suspect, JobProgress progress, CancellationToken cancellationToken)
    {
        suspect.Position = 0;
        using var image = await Image.LoadAsync<Rgba32>(suspect, cancellationToken); // inspected and limited at upload
        var result = images.Verify(image, serviceKey.Key);
        progress.Report(50);
        verification.RecordTamper(await TamperEvidence.StoreAsync(blobs, verification.Id, image, result.Tamper, cancellationToken));
        progress.Report(70);
        var (catalog, attribution) = await evidence.GatherAsync(verification.OwnerId, image, cancellationToken);
        verification.RecordEvidence(catalog, attribution);
        return ImageProtection.ToReading(result.Copyright);
    }

    /// <summary>Links the reading to the asset that carries its ID, if any, and records the verdict.</summary>
    private async Task CompleteAsync(Verification verification, WatermarkReading reading, CancellationToken cancellationToken)
    {
        Guid? assetId = null;
        if (reading is { Detected: true, WatermarkId: { } id })
            assetId = await db.Assets.Where(a => a.WatermarkId == id).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(cancellationToken);
        verification.Complete(reading, assetId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>How many of the caller's own scenes serve as alignment references when blind detection fails.</summary>
    public const int AlignmentCandidates = 10;

    /// <summary>
    /// Blind first. A moved, rotated or scaled copy reads only once aligned to its original; the service keeps
    /// originals, so the caller's most recent scenes are tried as references.
    /// </summary>
    private async Task<WatermarkReading> DetectSplatAsync(Stream suspect, Verification verification, CancellationToken cancellationToken)
    {
        var blind = splats.Detect(suspect, verification.SuspectBlob, serviceKey.Key);
        if (blind.Detected) return blind;
        var blobNames = await db.Assets.AsNoTracking()
            .Where(a => a.OwnerId == verification.OwnerId && a.Kind == AssetKind.Splat && a.Status == AssetStatus.Protected)
            .OrderByDescending(a => a.CreatedAt).Take(AlignmentCandidates).Select(a => a.OriginalBlob).ToListAsync(cancellationToken);
        if (blobNames.Count == 0) return blind;
        var originals = new List<GaussianScene>();
        foreach (var name in blobNames)
        {
            await using var stream = await blobs.OpenReadAsync(name, cancellationToken);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            originals.Add(SplatFile.Read(copy, name).Scene);
        }
        suspect.Position = 0;
        return splats.Detect(suspect, verification.SuspectBlob, serviceKey.Key, originals);
    }
}
