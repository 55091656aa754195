using System.Text.Json;
using Protect.Domain.Assets;
using Protect.Domain.Attribution;

namespace Protect.Domain.Verifications;

public enum VerificationStatus { Queued, Processing, Completed, Failed }

/// <summary>A check of a suspect file: is one of our marks in it, and whose?</summary>
public sealed class Verification
{
    private Verification() { }

    public Guid Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public string SuspectBlob { get; private set; } = "";
    public string SuspectSha256 { get; private set; } = "";
    public VerificationStatus Status { get; private set; }
    public int Progress { get; private set; }
    public bool? Detected { get; private set; }
    public WatermarkId? WatermarkId { get; private set; }
    public Guid? MatchedAssetId { get; private set; }
    public double? Confidence { get; private set; }
    public double? FalseMatchProbability { get; private set; }
    public int? BitErrors { get; private set; }
    public string? Error { get; private set; }
    /// <summary>True when the suspect had to be aligned to a stored original (moved, rotated, scaled scene).</summary>
    public bool? AlignmentApplied { get; private set; }
    public string? HiddenMessage { get; private set; }
    /// <summary>JSON list of <see cref="CatalogHit"/>: the owner's assets whose perceptual hash is near the suspect's.</summary>
    public string? CatalogMatchesJson { get; private set; }
    /// <summary>JSON <see cref="AttributionOutcome"/> when the owner has a trained attribution model.</summary>
    public string? AttributionJson { get; private set; }
    /// <summary>JSON <see cref="MediaTimeline"/> for video and audio suspects.</summary>
    public string? TimelineJson { get; private set; }
    /// <summary>JSON <see cref="TamperSummary"/> for image suspects.</summary>
    public string? TamperJson { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    public static Verification Create(Guid id, string ownerId, string fileName, string suspectBlob, string suspectSha256, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
        return new Verification
        {
            Id = id, OwnerId = ownerId, FileName = fileName, SuspectBlob = suspectBlob, SuspectSha256 = suspectSha256,
            Status = VerificationStatus.Queued, CreatedAt = now,
        };
    }

    public bool TryStartProcessing()
    {
        if (Status == VerificationStatus.Completed) return false;
        Status = VerificationStatus.Processing;
        Error = null;
        return true;
    }

    public void ReportProgress(int percent) => Progress = Math.Clamp(percent, Progress, 100);

    public void Complete(WatermarkReading reading, Guid? matchedAssetId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(reading);
        Detected = reading.Detected;
        WatermarkId = reading.WatermarkId;
        MatchedAssetId = matchedAssetId;
        Confidence = reading.Confidence;
        FalseMatchProbability = reading.FalseMatchProbability;
        BitErrors = reading.BitErrors;
        AlignmentApplied = reading.AlignmentApplied;
        HiddenMessage = reading.HiddenMessage;
        Status = VerificationStatus.Completed;
        Progress = 100;
        CompletedAt = now;
    }

    public IReadOnlyList<CatalogHit> CatalogMatches =>
        CatalogMatchesJson is null ? [] : JsonSerializer.Deserialize<CatalogHit[]>(CatalogMatchesJson) ?? [];

    public AttributionOutcome? Attribution =>
        AttributionJson is null ? null : JsonSerializer.Deserialize<AttributionOutcome>(AttributionJson);

    /// <summary>Recorded before <see cref="Complete"/>; a retry simply overwrites them.</summary>
    public void RecordEvidence(IReadOnlyList<CatalogHit>? catalogMatches, AttributionOutcome? attribution)
    {
        CatalogMatchesJson = catalogMatches is null ? null : JsonSerializer.Serialize(catalogMatches);
        AttributionJson = attribution is null ? null : JsonSerializer.Serialize(attribution);
    }

    public MediaTimeline? Timeline => TimelineJson is null ? null : JsonSerializer.Deserialize<MediaTimeline>(TimelineJson);

    public void RecordTimeline(MediaTimeline timeline) => TimelineJson = JsonSerializer.Serialize(timeline);

    public TamperSummary? Tamper => TamperJson is null ? null : JsonSerializer.Deserialize<TamperSummary>(TamperJson);

    /// <summary>Recorded once its mask and heat-map blobs are stored; a retry overwrites both.</summary>
    public void RecordTamper(TamperSummary tamper) => TamperJson = JsonSerializer.Serialize(tamper);

    public void MarkFailed(string error, DateTime now)
    {
        if (Status == VerificationStatus.Completed) return;
        Status = VerificationStatus.Failed;
        Error = error;
        CompletedAt = now;
    }
}

/// <summary>What a detector read from a suspect, independent of the medium.</summary>
public sealed record WatermarkReading(bool Detected, WatermarkId? WatermarkId, double Confidence, double FalseMatchProbability, int BitErrors)
{
    /// <summary>A 3DGS suspect was aligned to a stored original before it read.</summary>
    public bool AlignmentApplied { get; init; }

    /// <summary>Keyed text hidden beside the ID (3DGS scenes); checksum-verified or null.</summary>
    public string? HiddenMessage { get; init; }

    /// <summary>The geometric transform the detector undid; null when it undid none (or the medium has no such notion).</summary>
    public Imaging.Watermarking.WatermarkGeometry? Geometry { get; init; }
}

/// <summary>
/// What a video or audio verification read per modality: the ID in the frames, the ID in the soundtrack and
/// whether they agree (cross-modal check), over how many frames.
/// </summary>
public sealed record MediaTimeline(string? VideoId, string? AudioId, bool? Agree, int Frames);
