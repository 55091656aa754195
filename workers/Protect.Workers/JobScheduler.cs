using Hangfire;
using Protect.Domain.Assets;
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
        return client.Enqueue<VerifySuspectJob>(JobQueues.Image, job => job.RunAsync(verification.Id, CancellationToken.None));
    }

    public static string QueueFor(AssetKind kind) => kind switch
    {
        AssetKind.Image => JobQueues.Image,
        AssetKind.Video or AssetKind.Audio => JobQueues.Video,
        AssetKind.Splat => JobQueues.Splat,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
