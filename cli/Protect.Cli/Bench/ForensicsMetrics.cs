using Protect.Domain.Forensics;

namespace Protect.Cli.Bench;

/// <summary>One verified suspect of the benchmark.</summary>
/// <param name="Kind">Edit kind, or "none" for an unedited picture.</param>
/// <param name="Post">Processing after the edit (none, jpeg-90, jpeg-75, resize75+jpeg85, or an attack name).</param>
/// <param name="Expected">The verdict the sample should get.</param>
internal sealed record ForensicsSample(string Image, string Kind, double AreaPercent, string Post, bool Passive, double F1, double IoU,
    double FlaggedPercent, TamperVerdict Verdict, TamperVerdict Expected);

internal static class ForensicsMetrics
{
    /// <summary>Pixel F1 and IoU of a predicted mask against the truth (both row-major, same size).</summary>
    public static (double F1, double IoU, double FlaggedPercent) Score(bool[] predicted, bool[]? truth)
    {
        long tp = 0, fp = 0, fn = 0, flagged = 0;
        for (var n = 0; n < predicted.Length; n++)
        {
            var t = truth is not null && truth[n];
            flagged += predicted[n] ? 1 : 0;
            if (predicted[n] && t)
                tp++;
            else if (predicted[n])
                fp++;
            else if (t)
                fn++;
        }
        var f1 = tp + fp + fn == 0 ? 1 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        var iou = tp + fp + fn == 0 ? 1 : tp / (double)(tp + fp + fn);
        return (f1, iou, 100.0 * flagged / predicted.Length);
    }

    /// <summary>The truth mask scaled to a suspect's size (nearest neighbour, as the resize moved the pixels).</summary>
    public static bool[] Resample(bool[] truth, int width, int height, int newWidth, int newHeight)
    {
        if (width == newWidth && height == newHeight)
            return truth;
        var result = new bool[newWidth * newHeight];
        for (var y = 0; y < newHeight; y++)
        {
            var sy = Math.Min(height - 1, (int)((y + 0.5) * height / newHeight));
            for (var x = 0; x < newWidth; x++)
                result[(y * newWidth) + x] = truth[(sy * width) + Math.Min(width - 1, (int)((x + 0.5) * width / newWidth))];
        }
        return result;
    }

    public static double Mean(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Average();
}

/// <summary>Exact-payload rate of the copyright mark per attack, without and with the integrity layer.</summary>
internal sealed class CopyrightRates
{
    public Dictionary<string, (int Trials, int Alone, int WithLayer, double Target)> ByAttack { get; } = [];

    public void Add(string attack, double target, bool alone, bool withLayer)
    {
        var (t, a, w, _) = ByAttack.GetValueOrDefault(attack);
        ByAttack[attack] = (t + 1, a + (alone ? 1 : 0), w + (withLayer ? 1 : 0), target);
    }
}
