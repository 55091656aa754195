using System.Text.Json;

namespace Protect.Domain.Attribution;

public enum AttributionStatus { Queued, Processing, Completed, Failed }

/// <summary>Which of the owner's generators made an image: one asynchronous prediction and its outcome.</summary>
public sealed class AttributionRequest
{
    private AttributionRequest() { }

    public Guid Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public string SuspectBlob { get; private set; } = "";
    public AttributionStatus Status { get; private set; }
    public int Progress { get; private set; }
    public Guid? ModelVersionId { get; private set; }
    /// <summary>JSON of the <see cref="AttributionOutcome"/>; null until completed.</summary>
    public string? OutcomeJson { get; private set; }
    public string? Error { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    public AttributionOutcome? Outcome => OutcomeJson is null ? null : JsonSerializer.Deserialize<AttributionOutcome>(OutcomeJson);

    public static AttributionRequest Create(Guid id, string ownerId, string fileName, string suspectBlob, Guid modelVersionId, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
        return new AttributionRequest
        {
            Id = id, OwnerId = ownerId, FileName = fileName, SuspectBlob = suspectBlob, ModelVersionId = modelVersionId,
            Status = AttributionStatus.Queued, CreatedAt = now,
        };
    }

    public bool TryStartProcessing()
    {
        if (Status == AttributionStatus.Completed) return false;
        Status = AttributionStatus.Processing;
        Error = null;
        return true;
    }

    public void ReportProgress(int percent) => Progress = Math.Clamp(percent, Progress, 100);

    public void Complete(AttributionOutcome outcome, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        OutcomeJson = JsonSerializer.Serialize(outcome);
        Status = AttributionStatus.Completed;
        Progress = 100;
        CompletedAt = now;
    }

    public void MarkFailed(string error, DateTime now)
    {
        if (Status == AttributionStatus.Completed) return;
        Status = AttributionStatus.Failed;
        Error = error;
        CompletedAt = now;
    }
}

/// <summary>A prediction as stored: the class (null = real or unknown), calibrated probabilities and the model version.</summary>
public sealed record AttributionOutcome(
    string? Generator, bool Unknown, double UnknownScore, IReadOnlyList<GeneratorProbability> Probabilities, Guid ModelVersionId, int ModelVersion);

public sealed record GeneratorProbability(string Generator, double Probability);

/// <summary>A protected asset of the same owner whose perceptual hash is close to the suspect's.</summary>
public sealed record CatalogHit(Guid AssetId, int Distance);
