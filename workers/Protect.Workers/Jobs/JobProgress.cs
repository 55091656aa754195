using Microsoft.EntityFrameworkCore;

namespace Protect.Workers.Jobs;

/// <summary>
/// Records a job's progress (0-100) on its row, where the portal polls it. Writes go through a context of their
/// own and at most every 250 ms, so a chatty engine cannot flood the database.
/// </summary>
internal sealed class JobProgress(IDbContextFactory<Infrastructure.Data.ProtectDbContext> dbFactory, TimeProvider clock, Guid id, JobProgress.Target target) : IProgress<int>
{
    public enum Target { Asset, Verification, Model, Attribution }

    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);
    private DateTimeOffset _last = DateTimeOffset.MinValue;
    private int _lastValue = -1;

    public void Report(int value)
    {
        var now = clock.GetUtcNow();
        if (value <= _lastValue || (value < 100 && now - _last < MinInterval)) return;
        _last = now;
        _lastValue = value;
        using var db = dbFactory.CreateDbContext();
        if (target == Target.Asset)
        {
            var asset = db.Assets.SingleOrDefault(a => a.Id == id);
            asset?.ReportProgress(value, now.UtcDateTime);
        }
        else if (target == Target.Verification)
        {
            db.Verifications.SingleOrDefault(v => v.Id == id)?.ReportProgress(value);
        }
        else if (target == Target.Model)
        {
            db.AttributionModels.SingleOrDefault(m => m.Id == id)?.ReportProgress(value);
        }
        else
        {
            db.Attributions.SingleOrDefault(a => a.Id == id)?.ReportProgress(value);
        }
        db.SaveChanges();
    }

    /// <summary>Maps an engine's 0-100 onto a slice of the job's bar (download and upload take the rest).</summary>
    public IProgress<int> Scaled(int from, int to) => new Progress(this, from, to);

    private sealed class Progress(JobProgress inner, int from, int to) : IProgress<int>
    {
        public void Report(int value) => inner.Report(from + (to - from) * Math.Clamp(value, 0, 100) / 100);
    }
}
