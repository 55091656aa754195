using System.Globalization;

namespace Protect.Domain.Forensics;

/// <summary>Names the whole-picture processing the measurements show, or null when they show none.</summary>
internal static class GlobalProcessing
{
    /// <param name="active">Whether the integrity layer is present; without it its scale and gain are noise and are not cited.</param>
    public static string? Describe(IntegrityReading integrity, double typical, int? jpegQuality, bool active)
    {
        var parts = new List<string>();
        if (!active)
            return jpegQuality is { } quality ? string.Create(CultureInfo.InvariantCulture, $"recompressed (JPEG ~{quality})") : null;
        if (Math.Abs(integrity.Scale - 1) > 0.01 && integrity.Cols > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"resized to about {integrity.Scale:P0} of the protected size"));
        if (jpegQuality is { } q)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"recompressed (JPEG ~{q})"));
        if (integrity.Cols > 0 && Math.Abs(integrity.MeanGain - 1) > 0.05)
            parts.Add(integrity.MeanGain > 1 ? "contrast or brightness raised" : "softened or contrast lowered");
        if (parts.Count == 0 && integrity.Cols > 0 && typical < TamperAnalyzer.UntouchedScore)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"lightly re-processed (the integrity layer reads {typical:0.00} instead of ~1)"));
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}
