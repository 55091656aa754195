using Hangfire;
using Protect.Domain.Assets;
using Protect.Domain.Attribution;
using Protect.Domain.Verifications;
using Protect.Workers.Jobs;

namespace Protect.Workers;

/// <summary>Puts work on the right Hangfire queue. Jobs get IDs only; everything else they read themselves.</summary>
public sealed class JobScheduler(IBackgroundJobClient client)
{
    public string ScheduleProtection(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return client.Enqueue<ProtectAssetJob>(QueueFor(asset.Kind), job => job.RunAsync(asset.Id, CancellationToken.None));
    }

    public string ScheduleVerification(Verification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        // Video and audio suspects are decoded whole: they go where the video workers are.
        var queue = Domain.Media.StreamMediaInspector.KindOfBlob(verification.SuspectBlob) is { } kind ? QueueFor(kind) : JobQueues.Image;
        return client.Enqueue<VerifySuspectJob>(queue, job => job.RunAsync(verification.Id, CancellationToken.None));
    }

    /// <summary>Training and prediction go to the ml queue, which production serves with GPU workers.</summary>
    public string ScheduleTraining(AttributionModelVersion model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return client.Enqueue<TrainAttributionModelJob>(JobQueues.Ml, job => job.RunAsync(model.Id, CancellationToken.None));
    }

    public string ScheduleAttribution(AttributionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return client.Enqueue<AttributeImageJob>(JobQueues.Ml, job => job.RunAsync(request.Id, CancellationToken.None));
    }

    public static string QueueFor(AssetKind kind) => kind switch
    {
        AssetKind.Image => JobQueues.Image,
        AssetKind.Video or AssetKind.Audio => JobQueues.Video,
        AssetKind.Splat => JobQueues.Splat,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
