using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Protect.Domain.Attribution;
using Protect.Domain.Storage;
using Protect.Infrastructure.Data;
using Protect.Ml.Attribution;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Workers.Jobs;

/// <summary>
/// Trains one model version on the ml queue. It starts from the previous ready version and learns only the
/// generators that version lacks (incremental: old classes are kept, not retrained from scratch). A fifth of each
/// class's samples is held out and gives the per-class accuracy stored with the version. Idempotent: a ready
/// version is left alone; a rerun overwrites the same blob.
/// </summary>
[AutomaticRetry(Attempts = 2)]
public sealed partial class TrainAttributionModelJob(
    ProtectDbContext db, IDbContextFactory<ProtectDbContext> dbFactory, IBlobStore blobs, AttributionModels models,
    TimeProvider clock, ILogger<TrainAttributionModelJob> logger)
{
    [JobDisplayName("Train attribution model {0}")]
    public async Task RunAsync(Guid modelVersionId, CancellationToken cancellationToken)
    {
        var version = await db.AttributionModels.SingleOrDefaultAsync(m => m.Id == modelVersionId, cancellationToken);
        if (version is null || !version.TryStartTraining()) return;
        await db.SaveChangesAsync(cancellationToken);
        var progress = new JobProgress(dbFactory, clock, modelVersionId, JobProgress.Target.Model);
        var watch = Stopwatch.StartNew();

        AttributionModel? previous = null;
        if (version.BasedOnId is { } basedOn)
        {
            var blob = await db.AttributionModels.Where(m => m.Id == basedOn).Select(m => m.Blob).SingleAsync(cancellationToken);
            previous = await models.GetAsync(blob!, cancellationToken);
        }
        var known = previous?.Classes ?? [];
        var generators = await db.Generators.AsNoTracking()
            .Where(g => g.OwnerId == version.OwnerId && g.SampleCount >= Generator.MinimumSamples).ToListAsync(cancellationToken);
        var newClasses = generators.Where(g => !known.Contains(g.Name)).ToList();
        var samples = await db.GeneratorSamples.AsNoTracking().Where(s => generators.Select(g => g.Id).Contains(s.GeneratorId))
            .ToListAsync(cancellationToken);

        var training = new Dictionary<string, IReadOnlyList<Image<Rgba32>>>();
        var heldOut = new Dictionary<string, List<Image<Rgba32>>>();
        try
        {
            foreach (var generator in generators)
            {
                var (train, test) = GeneratorSample.Split(samples.Where(s => s.GeneratorId == generator.Id));
                heldOut[generator.Name] = await LoadAsync(test, cancellationToken);
                if (newClasses.Contains(generator))
                    training[generator.Name] = await LoadAsync(train, cancellationToken);
            }
            progress.Report(10);
            var trainer = new AttributionTrainer();
            using var model = trainer.Update(previous, training, new Progress(progress), cancellationToken);
            var accuracy = Evaluate(model, heldOut);
            progress.Report(95);

            using var buffer = new MemoryStream();
            model.Save(buffer);
            buffer.Position = 0;
            var stored = await blobs.WriteAsync($"models/{version.OwnerId}/attribution-v{version.Version}.bin", buffer, "application/octet-stream", cancellationToken);
            version.MarkReady(stored.Name, model.Classes, accuracy, watch.Elapsed.TotalSeconds, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            LogTrained(version.Version, model.Classes.Count, watch.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var image in training.Values.SelectMany(i => i).Concat(heldOut.Values.SelectMany(i => i)))
                image.Dispose();
        }
    }

    /// <summary>Share of each class's held-out samples predicted as that class (a rejection counts as a miss).</summary>
    internal static Dictionary<string, double> Evaluate(AttributionModel model, IReadOnlyDictionary<string, List<Image<Rgba32>>> heldOut) =>
        heldOut.Where(kv => kv.Value.Count > 0 && model.Classes.Contains(kv.Key))
            .ToDictionary(kv => kv.Key, kv => kv.Value.Count(image => model.Predict(image).Generator == kv.Key) / (double)kv.Value.Count);

    private async Task<List<Image<Rgba32>>> LoadAsync(IEnumerable<GeneratorSample> samples, CancellationToken cancellationToken)
    {
        var images = new List<Image<Rgba32>>();
        foreach (var sample in samples)
        {
            await using var stream = await blobs.OpenReadAsync(sample.Blob, cancellationToken);
            images.Add(await Image.LoadAsync<Rgba32>(stream, cancellationToken));
        }
        return images;
    }

    /// <summary>The trainer reports 0–1; the bar's 10–90 is training.</summary>
    private sealed class Progress(JobProgress inner) : IProgress<double>
    {
        public void Report(double value) => inner.Report(10 + (int)(80 * Math.Clamp(value, 0, 1)));
    }

    [LoggerMessage(LogLevel.Information, "Attribution model v{Version} ready: {Classes} classes in {Seconds:0.0} s")]
    private partial void LogTrained(int version, int classes, double seconds);
}
