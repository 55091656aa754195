using Protect.Domain.Attribution;

namespace Protect.Web.Api;

public sealed record RegisterGeneratorRequest(string? Name);

/// <param name="Ready">True once it has enough samples to be learned by the next training run.</param>
/// <param name="InModelVersion">The newest ready model version that knows this generator, or null.</param>
/// <param name="Accuracy">That version's accuracy on this generator's held-out samples (0–1).</param>
public sealed record GeneratorResponse(Guid Id, string Name, int SampleCount, int MinimumSamples, bool Ready, int? InModelVersion, double? Accuracy, DateTime CreatedAt)
{
    public static GeneratorResponse From(Generator g, AttributionModelVersion? latest)
    {
        ArgumentNullException.ThrowIfNull(g);
        var known = latest is not null && latest.Classes.Contains(g.Name);
        return new(g.Id, g.Name, g.SampleCount, Generator.MinimumSamples, g.HasEnoughSamples,
            known ? latest!.Version : null, known && latest!.Accuracy.TryGetValue(g.Name, out var a) ? a : null, g.CreatedAt);
    }
}

public sealed record GeneratorsOverview(IReadOnlyList<GeneratorResponse> Generators, ModelVersionResponse? LatestModel);

public sealed record ModelVersionResponse(
    Guid Id, int Version, string Status, int Progress, IReadOnlyList<string> Classes,
    IReadOnlyDictionary<string, double> Accuracy, double? TrainingSeconds, Guid? BasedOnId, string? Error, DateTime CreatedAt, DateTime? CompletedAt)
{
    public static ModelVersionResponse From(AttributionModelVersion m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Id, m.Version, AssetResponse.Lower(m.Status), m.Progress, m.Classes, m.Accuracy, m.TrainingSeconds,
            m.BasedOnId, m.Error, m.CreatedAt, m.CompletedAt);
    }
}

public sealed record AttributionAccepted(Guid Id, Guid ModelVersionId);

/// <param name="Prediction">Null until the job completes.</param>
public sealed record AttributionResponse(Guid Id, string Status, int Progress, string FileName, AttributionView? Prediction, string? Error, DateTime CreatedAt)
{
    public static AttributionResponse From(AttributionRequest a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, AssetResponse.Lower(a.Status), a.Progress, a.FileName, AttributionView.From(a.Outcome), a.Error, a.CreatedAt);
    }
}

/// <param name="Generator">The registered generator that most likely made the image; null means "real or unknown".</param>
/// <param name="Verdict">A sentence for people.</param>
public sealed record AttributionView(
    string? Generator, bool Unknown, double UnknownScore, IReadOnlyList<GeneratorProbability> Probabilities, int ModelVersion, Guid ModelVersionId, string Verdict)
{
    public static AttributionView? From(AttributionOutcome? o) => o is null ? null : new(
        o.Generator, o.Unknown, Math.Round(o.UnknownScore, 4),
        o.Probabilities.Select(p => p with { Probability = Math.Round(p.Probability, 4) }).ToList(), o.ModelVersion, o.ModelVersionId,
        o.Unknown || o.Generator is null
            ? "None of your registered generators made this image (real or unknown)."
            : $"Most likely made by \"{o.Generator}\" ({o.Probabilities.FirstOrDefault()?.Probability:P0}).");
}

/// <summary>A protected asset of the caller whose perceptual hash is within the match distance of the suspect's.</summary>
public sealed record CatalogMatchView(Guid AssetId, string FileName, int Distance);
