using System.Globalization;

namespace Protect.Web.Components.Shared;

/// <summary>Formats numbers and times the same way on every page (invariant culture, units spelled out).</summary>
public static class Display
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Decibels(double value) => value.ToString("0.0", Invariant);

    public static string Ssim(double value) => value.ToString("0.0000", Invariant);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", Invariant) + " %";

    /// <summary>Scientific notation, e.g. 3.2e-12; exactly zero reads "0".</summary>
    public static string Probability(double value) => value == 0 ? "0" : value.ToString("0.0#e+0", Invariant);

    public static string When(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm", Invariant) + " UTC";

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", Invariant) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", Invariant) + " MB",
    };
}
