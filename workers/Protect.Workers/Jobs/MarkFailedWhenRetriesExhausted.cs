using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Protect.Infrastructure.Data;

namespace Protect.Workers.Jobs;

/// <summary>
/// When Hangfire gives up on a job (retries exhausted, the state elected is Failed), the row it worked on (asset,
/// verification, model version, attribution) is marked failed with the error, so the portal and API stop showing "processing" forever.
/// Runs after AutomaticRetry (order 20), which turns a failure into a retry while attempts remain.
/// </summary>
internal sealed class MarkFailedWhenRetriesExhausted : JobFilterAttribute, IElectStateFilter
{
    private readonly IServiceScopeFactory _scopes;

    public MarkFailedWhenRetriesExhausted(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        Order = 100;
    }

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed || context.BackgroundJob.Job?.Args is not [Guid id, ..]) return;
        var message = $"{failed.Exception.GetType().Name}: {failed.Exception.Message}";
        var now = DateTime.UtcNow;
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ProtectDbContext>();
        var type = context.BackgroundJob.Job.Type;
        if (type == typeof(ProtectAssetJob))
            db.Assets.SingleOrDefault(a => a.Id == id)?.MarkFailed(message, now);
        else if (type == typeof(VerifySuspectJob))
            db.Verifications.SingleOrDefault(v => v.Id == id)?.MarkFailed(message, now);
        else if (type == typeof(TrainAttributionModelJob))
            db.AttributionModels.SingleOrDefault(m => m.Id == id)?.MarkFailed(message, now);
        else if (type == typeof(AttributeImageJob))
            db.Attributions.SingleOrDefault(a => a.Id == id)?.MarkFailed(message, now);
        db.SaveChanges();
    }
}
