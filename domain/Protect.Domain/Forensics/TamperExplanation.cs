using System.Globalization;
using System.Text;
using Protect.Domain.Imaging.Watermarking;

namespace Protect.Domain.Forensics;

/// <summary>Everything the explanation may cite; all of it measured on the suspect.</summary>
internal sealed record ExplanationFacts(TamperVerdict Verdict, TamperEvidence Evidence, DetectionResult Copyright, double Typical,
    IReadOnlyList<TamperRegion> Regions, IReadOnlyList<TamperClue> Clues, int Width, int Height, string? Processing);

/// <summary>A short paragraph for people, built only from measured numbers.</summary>
internal static class TamperExplanation
{
    public static string Write(ExplanationFacts f)
    {
        var text = new StringBuilder();
        void Say(FormattableString s) => text.Append(s.ToString(CultureInfo.InvariantCulture)).Append(' ');
        if (f.Copyright.Detected)
            Say($"The owner's mark reads all 64 bits (false-match probability < {Math.Max(f.Copyright.FalseMatchProbability, 1e-12):0.#e0}).");
        else
            Say($"No owner's mark was found with this key.");

        if (f.Evidence == TamperEvidence.Passive)
        {
            Say($"The integrity layer is absent, so what follows rests on passive clues only, which are weaker and can mistake texture for editing.");
            if (f.Verdict == TamperVerdict.Regenerated)
                Say($"Since the mark survives but the integrity layer is gone everywhere (typical block score {f.Typical:0.00}), the picture was most likely regenerated or heavily re-processed as a whole (for example by an AI model, strong denoising or heavy compression).");
        }
        var regions = f.Regions.Take(3).ToList();
        if (regions.Count > 0)
        {
            var total = f.Regions.Sum(r => r.AreaPercent);
            var layer = f.Evidence == TamperEvidence.Active ? "The integrity layer fails" : "Passive clues agree";
            Say($"{layer} in {Count(f.Regions.Count)} covering {total:0.#}% of the picture:");
            var parts = regions.Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"{r.AreaPercent:0.#}% at {Where(r, f.Width, f.Height)} (x={r.X}, y={r.Y}, w={r.W}, h={r.H}){Agreement(r, f)}"));
            text.Append(string.Join("; ", parts)).Append(". ");
            Say($"{(f.Evidence == TamperEvidence.Active ? "These areas were most likely replaced, moved, filled in or retouched after protection." : "These areas may have been edited.")}");
        }
        else if (f.Verdict is TamperVerdict.Intact)
        {
            if (f.Evidence == TamperEvidence.Active)
                Say($"The integrity layer holds everywhere (typical block score {f.Typical:0.00}): nothing was changed locally after protection.");
            else
                Say($"The passive clues find no area that stands out.");
        }
        if (f.Processing is { } processing && f.Verdict != TamperVerdict.Regenerated)
            Say($"{(regions.Count > 0 ? "The rest" : "The picture as a whole")} shows only global processing: {processing}.");
        return text.ToString().Trim();
    }

    private static string Count(int n) => n == 1 ? "one region" : string.Create(CultureInfo.InvariantCulture, $"{n} regions");

    /// <summary>"top left", "centre", ... by the region's centre in thirds of the picture.</summary>
    private static string Where(TamperRegion r, int width, int height)
    {
        var col = Math.Clamp((int)(3.0 * (r.X + (r.W / 2.0)) / width), 0, 2);
        var row = Math.Clamp((int)(3.0 * (r.Y + (r.H / 2.0)) / height), 0, 2);
        string[] rows = ["top", "middle", "bottom"], cols = ["left", "centre", "right"];
        return row == 1 && col == 1 ? "the centre" : row == 1 ? $"the {cols[col]} edge" : $"{rows[row]} {cols[col]}";
    }

    /// <summary>Names the passive clues that are also hot inside the region (mean heat there ≥ 0.35).</summary>
    private static string Agreement(TamperRegion r, ExplanationFacts f)
    {
        var hot = new List<string>();
        foreach (var clue in f.Clues.Where(c => c.Name != "integrity-layer" && c.Heat is not null && c.Confidence > 0))
        {
            if (MeanInside(clue.Heat!, r, f.Width, f.Height) >= 0.35)
                hot.Add(clue.Name switch
                {
                    "noise-inconsistency" => "the noise is also inconsistent",
                    "error-level" => "the error level is also unusual",
                    _ => "the JPEG history also differs",
                });
        }
        return hot.Count == 0 ? "" : ", where " + string.Join(" and ", hot);
    }

    private static double MeanInside(HeatMap heat, TamperRegion r, int width, int height)
    {
        double sum = 0;
        var count = 0;
        for (var j = 0; j < heat.Rows; j++)
        {
            for (var i = 0; i < heat.Cols; i++)
            {
                double cx = (i + 0.5) * width / heat.Cols, cy = (j + 0.5) * height / heat.Rows;
                if (cx < r.X || cy < r.Y || cx >= r.X + r.W || cy >= r.Y + r.H)
                    continue;
                sum += heat.Values[(j * heat.Cols) + i];
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
