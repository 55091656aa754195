using Protect.Domain.Assets;
using Protect.Domain.Verifications;

namespace Protect.Web.Api;

public sealed record AssetAccepted(Guid Id, string Kind, string Status, string FileName);

/// <param name="Psnr">dB: RGB PSNR for images and scenes, Y-PSNR for video frames; null for audio.</param>
/// <param name="AudioSnr">dB: the soundtrack's signal-to-mark ratio (video and audio).</param>
public sealed record QualityMetrics(double? Psnr, double? Ssim, double? AudioSnr = null);

public sealed record AssetResponse(
    Guid Id, string Kind, string FileName, string Status, int Progress, string WatermarkId,
    QualityMetrics? Metrics, string? Error, DateTime CreatedAt)
{
    public static AssetResponse From(Asset a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, Lower(a.Kind), a.FileName, Lower(a.Status), a.Progress, a.WatermarkId.ToString(),
            a.Psnr is not null || a.Ssim is not null || a.AudioSnrDb is not null
                ? new QualityMetrics(Round(a.Psnr, 2), Round(a.Ssim, 4), Round(a.AudioSnrDb, 2)) : null,
            a.Error, a.CreatedAt);
    }

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;

    internal static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

public sealed record AssetPage(IReadOnlyList<AssetResponse> Items, int Page, int PageSize, int Total);

public sealed record VerificationAccepted(Guid Id);

/// <param name="AssetId">Only for the owner of the matched asset; anyone else learns only that a registered owner protects it.</param>
/// <param name="Owner">"you", "another registered owner", "unregistered" (a valid mark whose ID no asset carries) or null.</param>
public sealed record VerificationResponse(
    Guid Id, string Status, bool? Detected, string? WatermarkId, Guid? AssetId, double? Confidence,
    double? FalseMatchProbability, int? BitErrors, string? Owner, string Message, string? Error,
    bool? AlignmentApplied = null, string? HiddenMessage = null,
    AttributionView? Attribution = null, IReadOnlyList<CatalogMatchView>? CatalogMatches = null, MediaTimeline? Timeline = null,
    TamperView? Tamper = null)
{
    /// <param name="catalog">The caller's assets the suspect's perceptual hash matched (already limited to the caller).</param>
    public static VerificationResponse From(Verification v, Asset? matched, string callerId, IReadOnlyList<CatalogMatchView>? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(v);
        var mine = matched is not null && matched.OwnerId == callerId;
        string? owner = v.Detected == true ? (matched is null ? "unregistered" : mine ? "you" : "another registered owner") : null;
        var message = v.Status switch
        {
            VerificationStatus.Queued or VerificationStatus.Processing => "Checking the file for a watermark…",
            VerificationStatus.Failed => "The check failed: " + v.Error,
            _ when v.Detected != true => "No Protect watermark was found in this file.",
            _ when mine => $"This file carries the watermark of your asset \"{matched!.FileName}\".",
            _ when matched is not null => "This file is protected by another registered owner.",
            _ => "A valid Protect watermark was found, but no registered asset carries its ID.",
        };
        return new(v.Id, AssetResponse.Lower(v.Status), v.Detected, v.WatermarkId?.ToString(), mine ? matched!.Id : null,
            v.Confidence, v.FalseMatchProbability, v.BitErrors, owner, message, v.Error,
            v.AlignmentApplied, mine ? v.HiddenMessage : null,
            AttributionView.From(v.Attribution), v.Status == VerificationStatus.Completed ? catalog ?? [] : null, v.Timeline,
            TamperView.From(v.Id, v.Tamper));
    }
}

/// <summary>The tamper report of an image suspect, with links to its mask, overlay and per-clue heat maps (PNG).</summary>
public sealed record TamperView(
    string Verdict, string Evidence, string MaskUrl, string OverlayUrl, double TamperedPercent,
    IReadOnlyList<TamperRegionSummary> Regions, IReadOnlyList<TamperClueView> Clues, string Explanation)
{
    public static TamperView? From(Guid verificationId, TamperSummary? t)
    {
        if (t is null) return null;
        var root = $"/api/v1/verifications/{verificationId}/tamper";
        return new(Words(t.Verdict), t.Evidence.ToLowerInvariant(), $"{root}/mask", $"{root}/overlay", t.TamperedPercent, t.Regions,
            t.Clues.Select(c => new TamperClueView(c.Name, c.Score, c.Confidence, c.Summary, c.HasHeatMap ? $"{root}/heat/{c.Name}" : null)).ToList(),
            t.Explanation);
    }

    /// <summary>"LocallyEdited" reads "locally edited", as the verdicts are written.</summary>
    private static string Words(string pascal) =>
        string.Concat(pascal.Select((ch, i) => i > 0 && char.IsUpper(ch) ? " " + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}

public sealed record TamperClueView(string Name, double Score, double Confidence, string Summary, string? HeatUrl);
