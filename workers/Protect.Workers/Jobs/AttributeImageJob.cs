using Hangfire;
using Microsoft.EntityFrameworkCore;
using Protect.Domain.Attribution;
using Protect.Domain.Storage;
using Protect.Infrastructure.Data;
using Protect.Ml.Attribution;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Workers.Jobs;

/// <summary>Attributes one image with the model version chosen when it was submitted (recorded in the outcome).</summary>
[AutomaticRetry(Attempts = 3)]
public sealed class AttributeImageJob(ProtectDbContext db, IBlobStore blobs, AttributionModels models, TimeProvider clock)
{
    [JobDisplayName("Attribute image {0}")]
    public async Task RunAsync(Guid attributionId, CancellationToken cancellationToken)
    {
        var request = await db.Attributions.SingleOrDefaultAsync(a => a.Id == attributionId, cancellationToken);
        if (request is null || !request.TryStartProcessing()) return;
        await db.SaveChangesAsync(cancellationToken);
        var version = await db.AttributionModels.AsNoTracking().SingleAsync(m => m.Id == request.ModelVersionId, cancellationToken);

        await using var stream = await blobs.OpenReadAsync(request.SuspectBlob, cancellationToken);
        using var image = await Image.LoadAsync<Rgba32>(stream, cancellationToken);
        var prediction = await models.PredictAsync(version.Blob!, image, cancellationToken);
        request.Complete(ToOutcome(prediction, version), clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static AttributionOutcome ToOutcome(AttributionPrediction prediction, AttributionModelVersion version) => new(
        prediction.Generator, prediction.Unknown, prediction.UnknownScore,
        prediction.Probabilities.Select(p => new GeneratorProbability(p.Generator, p.Probability)).ToList(), version.Id, version.Version);
}
