using System.Text.Json;

namespace Protect.Domain.Attribution;

public enum ModelTrainingStatus { Queued, Training, Ready, Failed }

/// <summary>
/// One trained version of an owner's attribution model: the blob holding its weights, the classes it knows and
/// the accuracy each class reached on held-out samples. Versions only grow: a new one starts from the previous
/// ready version and learns the added classes incrementally. Every prediction records the version it used.
/// </summary>
public sealed class AttributionModelVersion
{
    private AttributionModelVersion() { }

    public Guid Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public int Version { get; private set; }
    public Guid? BasedOnId { get; private set; }
    public ModelTrainingStatus Status { get; private set; }
    public int Progress { get; private set; }
    public string? Blob { get; private set; }
    /// <summary>JSON array of class names, in the model's order.</summary>
    public string ClassesJson { get; private set; } = "[]";
    /// <summary>JSON object: class name → accuracy on held-out samples (0–1).</summary>
    public string AccuracyJson { get; private set; } = "{}";
    public double? TrainingSeconds { get; private set; }
    public string? Error { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    public IReadOnlyList<string> Classes => JsonSerializer.Deserialize<string[]>(ClassesJson) ?? [];

    public IReadOnlyDictionary<string, double> Accuracy =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(AccuracyJson) ?? [];

    public static AttributionModelVersion Queue(Guid id, string ownerId, int version, Guid? basedOnId, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return new AttributionModelVersion
        {
            Id = id, OwnerId = ownerId, Version = version, BasedOnId = basedOnId, Status = ModelTrainingStatus.Queued, CreatedAt = now,
        };
    }

    public bool TryStartTraining()
    {
        if (Status == ModelTrainingStatus.Ready) return false;
        Status = ModelTrainingStatus.Training;
        Error = null;
        return true;
    }

    public void ReportProgress(int percent) => Progress = Math.Clamp(percent, Progress, 100);

    public void MarkReady(string blob, IReadOnlyList<string> classes, IReadOnlyDictionary<string, double> accuracy, double trainingSeconds, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blob);
        Blob = blob;
        ClassesJson = JsonSerializer.Serialize(classes);
        AccuracyJson = JsonSerializer.Serialize(accuracy);
        TrainingSeconds = trainingSeconds;
        Status = ModelTrainingStatus.Ready;
        Progress = 100;
        CompletedAt = now;
    }

    public void MarkFailed(string error, DateTime now)
    {
        if (Status == ModelTrainingStatus.Ready) return;
        Status = ModelTrainingStatus.Failed;
        Error = error;
        CompletedAt = now;
    }
}
