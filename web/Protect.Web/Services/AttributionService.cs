using Microsoft.EntityFrameworkCore;
using Protect.Domain.Assets;
using Protect.Domain.Attribution;
using Protect.Domain.Errors;
using Protect.Infrastructure.Data;
using Protect.Workers;

namespace Protect.Web.Services;

/// <summary>
/// Generators, their samples, training runs and predictions for one owner. Reads of anything that belongs to
/// someone else fail exactly like reads of something that does not exist.
/// </summary>
public sealed class AttributionService(ProtectDbContext db, MediaIntake intake, JobScheduler jobs, TimeProvider clock)
{
    /// <summary>Samples accepted in one request; more can be added in further requests.</summary>
    public const int MaxSamplesPerRequest = 200;

    public async Task<Generator> RegisterAsync(string ownerId, string? name, CancellationToken cancellationToken)
    {
        var normalized = Generator.NormalizeName(name);
        if (await db.Generators.AnyAsync(g => g.OwnerId == ownerId && g.Name == normalized, cancellationToken))
            throw new InvalidRequestException("Generator already registered", $"You already have a generator named \"{normalized}\".");
        var generator = Generator.Create(Guid.NewGuid(), ownerId, normalized, Now);
        db.Generators.Add(generator);
        await db.SaveChangesAsync(cancellationToken);
        return generator;
    }

    /// <summary>Stores each sample (images only) and counts it; a bad file stops the request and nothing of it is kept.</summary>
    public async Task<Generator> AddSamplesAsync(string ownerId, Guid generatorId, IReadOnlyList<(string? FileName, Func<Stream> Open)> files, CancellationToken cancellationToken)
    {
        var generator = await GetGeneratorAsync(ownerId, generatorId, cancellationToken);
        if (files.Count == 0)
            throw new InvalidRequestException("No samples", "Send one or more images in multipart fields named `files`.");
        if (files.Count > MaxSamplesPerRequest)
            throw new InvalidRequestException("Too many samples", $"Send at most {MaxSamplesPerRequest} samples per request.");
        var stored = new List<GeneratorSample>();
        try
        {
            foreach (var (fileName, open) in files)
            {
                await using var content = open();
                stored.Add(await intake.AcceptAsync(content, fileName, id => $"generators/{generatorId:N}/samples/{id:N}", (id, kind, _, blob) =>
                {
                    if (kind != AssetKind.Image)
                        throw new InvalidMediaException($"{UploadSpool.SafeFileName(fileName)}: generator samples must be images.");
                    return Task.FromResult(GeneratorSample.Create(id, generatorId, blob.Name, Now));
                }, cancellationToken));
            }
            db.GeneratorSamples.AddRange(stored);
            generator.AddSamples(stored.Count, Now);
            await db.SaveChangesAsync(cancellationToken);
            return generator;
        }
        catch
        {
            await intake.DeleteAsync(stored.Select(s => s.Blob));
            throw;
        }
    }

    /// <summary>Queues a new model version that learns every generator with enough samples the last version lacks.</summary>
    public async Task<AttributionModelVersion> QueueTrainingAsync(string ownerId, CancellationToken cancellationToken)
    {
        var models = db.AttributionModels.Where(m => m.OwnerId == ownerId);
        if (await models.AnyAsync(m => m.Status == ModelTrainingStatus.Queued || m.Status == ModelTrainingStatus.Training, cancellationToken))
            throw new InvalidRequestException("Training already running", "Wait for the current training run to finish.");
        var eligible = await db.Generators.Where(g => g.OwnerId == ownerId && g.SampleCount >= Generator.MinimumSamples)
            .Select(g => g.Name).ToListAsync(cancellationToken);
        var previous = await LatestReadyAsync(ownerId, cancellationToken);
        var known = previous?.Classes ?? [];
        if (previous is null && eligible.Count < 2)
            throw new InvalidRequestException("Not enough generators",
                $"The first model needs at least two generators with {Generator.MinimumSamples} or more samples each.");
        if (previous is not null && !eligible.Except(known).Any())
            throw new InvalidRequestException("Nothing new to learn",
                $"Register another generator with {Generator.MinimumSamples} or more samples; version {previous.Version} already knows the others.");
        var version = (await models.MaxAsync(m => (int?)m.Version, cancellationToken) ?? 0) + 1;
        var model = AttributionModelVersion.Queue(Guid.NewGuid(), ownerId, version, previous?.Id, Now);
        db.AttributionModels.Add(model);
        await db.SaveChangesAsync(cancellationToken);
        jobs.ScheduleTraining(model);
        return model;
    }

    public async Task<AttributionRequest> CreateAttributionAsync(string ownerId, string? fileName, Stream content, CancellationToken cancellationToken)
    {
        var model = await LatestReadyAsync(ownerId, cancellationToken)
            ?? throw new InvalidRequestException("No attribution model yet", "Register generators, add samples and train a model first.");
        return await intake.AcceptAsync(content, fileName, id => $"attributions/{id:N}/suspect", async (id, kind, _, blob) =>
        {
            if (kind != AssetKind.Image)
                throw new InvalidMediaException("Attribution works on images only.");
            var request = AttributionRequest.Create(id, ownerId, UploadSpool.SafeFileName(fileName), blob.Name, model.Id, Now);
            db.Attributions.Add(request);
            await db.SaveChangesAsync(cancellationToken);
            jobs.ScheduleAttribution(request);
            return request;
        }, cancellationToken);
    }

    /// <summary>The caller's generators, each with its accuracy in the newest ready model, and the newest version.</summary>
    public async Task<Api.GeneratorsOverview> OverviewAsync(string ownerId, CancellationToken cancellationToken)
    {
        var generators = await ListGeneratorsAsync(ownerId, cancellationToken);
        var models = await ListModelsAsync(ownerId, cancellationToken);
        var ready = models.FirstOrDefault(m => m.Status == ModelTrainingStatus.Ready);
        return new Api.GeneratorsOverview(generators.Select(g => Api.GeneratorResponse.From(g, ready)).ToList(),
            models.Count == 0 ? null : Api.ModelVersionResponse.From(models[0]));
    }

    public async Task<IReadOnlyList<Generator>> ListGeneratorsAsync(string ownerId, CancellationToken cancellationToken) =>
        await db.Generators.AsNoTracking().Where(g => g.OwnerId == ownerId).OrderBy(g => g.Name).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<AttributionModelVersion>> ListModelsAsync(string ownerId, CancellationToken cancellationToken) =>
        await db.AttributionModels.AsNoTracking().Where(m => m.OwnerId == ownerId).OrderByDescending(m => m.Version).ToListAsync(cancellationToken);

    public async Task<AttributionModelVersion> GetModelAsync(string ownerId, Guid id, CancellationToken cancellationToken) =>
        await db.AttributionModels.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.OwnerId == ownerId, cancellationToken)
        ?? throw new ResourceNotFoundException("model version", id.ToString());

    public async Task<AttributionRequest> GetAttributionAsync(string ownerId, Guid id, CancellationToken cancellationToken) =>
        await db.Attributions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.OwnerId == ownerId, cancellationToken)
        ?? throw new ResourceNotFoundException("attribution", id.ToString());

    public async Task<IReadOnlyList<AttributionRequest>> RecentAttributionsAsync(string ownerId, int count, CancellationToken cancellationToken) =>
        await db.Attributions.AsNoTracking().Where(a => a.OwnerId == ownerId).OrderByDescending(a => a.CreatedAt).Take(count).ToListAsync(cancellationToken);

    private async Task<Generator> GetGeneratorAsync(string ownerId, Guid id, CancellationToken cancellationToken) =>
        await db.Generators.SingleOrDefaultAsync(g => g.Id == id && g.OwnerId == ownerId, cancellationToken)
        ?? throw new ResourceNotFoundException("generator", id.ToString());

    private Task<AttributionModelVersion?> LatestReadyAsync(string ownerId, CancellationToken cancellationToken) =>
        db.AttributionModels.AsNoTracking().Where(m => m.OwnerId == ownerId && m.Status == ModelTrainingStatus.Ready)
            .OrderByDescending(m => m.Version).FirstOrDefaultAsync(cancellationToken);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
