using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Protect.Domain.Forensics;

using static Protect.Cli.Bench.ForensicsMetrics;

namespace Protect.Cli.Bench;

/// <summary>Markdown for `bench forensics`: header, issue 4's target table, then the detail behind each row.</summary>
internal static class ForensicsReport
{
    private static readonly string[] PostNames = [.. ForensicsBench.Posts.Select(p => p.Name)];

    public static string Render(ForensicsRun run, string command, DateTime started, TimeSpan elapsed, int images, bool quick, SpeedFiguresForensics speed)
    {
        var md = new StringBuilder();
        void Line(FormattableString s) => md.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        var active = run.Samples.Where(s => !s.Passive).ToList();
        var edited = active.Where(s => s.Kind != "none").ToList();
        Line($"# Tamper localization benchmark");
        md.AppendLine();
        if (quick)
            md.AppendLine("> **Quick run** (`--quick`): few images, two edit sizes, a few attacks. Not a result.\n");
        Line($"- Command: `{command}`");
        Line($"- Date (UTC): {started:yyyy-MM-dd HH:mm}; run time {elapsed.TotalMinutes:F1} min");
        Line($"- Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");
        Line($"- Images: {images} (shared/testdata Kodak + misc), each protected with the copyright mark and the integrity layer; edits made by the benchmark itself ({string.Join(", ", ForensicsEdits.Kinds)}), ground truth = the edited rectangle (text: its box); post-processing {string.Join(" / ", PostNames)}. {edited.Count} edited suspects verified, {run.Samples.Count} verifications in all.");
        md.AppendLine();
        md.AppendLine("## Targets (issue 4)");
        md.AppendLine();
        md.AppendLine("| measure | target | measured | met |");
        md.AppendLine("|---|---|---:|:---:|");
        foreach (var post in new[] { "jpeg-90", "jpeg-75", "resize75+jpeg85" })
        {
            var set = edited.Where(s => s.AreaPercent >= 1.9 && s.Post == post).ToList();
            var (f1, iou) = (Mean(set.Select(s => s.F1)), Mean(set.Select(s => s.IoU)));
            var (tf, ti) = post == "jpeg-90" ? (0.90, 0.82) : (0.85, 0.75);
            Line($"| pixel F1 / IoU, edits >= 2%, after {post} ({set.Count}) | >= {tf:0.00} / >= {ti:0.00} | {f1:0.000} / {iou:0.000} | {Met(f1 >= tf && iou >= ti)} |");
        }
        var detectable = edited.Where(s => s.AreaPercent >= 0.9).ToList();
        var clean = active.Where(s => s.Kind == "none" && PostNames.Contains(s.Post)).ToList();
        var correct = detectable.Count(s => s.Verdict == TamperVerdict.LocallyEdited) + clean.Count(s => s.Verdict != TamperVerdict.LocallyEdited);
        var accuracy = correct / (double)Math.Max(1, detectable.Count + clean.Count);
        Line($"| image-level detection, edits >= 1% ({detectable.Count} edited + {clean.Count} unedited, all post-processing) | >= 0.97 accuracy | {accuracy:0.000} (recall {detectable.Count(s => s.Verdict == TamperVerdict.LocallyEdited) / (double)Math.Max(1, detectable.Count):0.000}) | {Met(accuracy >= 0.97)} |");
        var benign = active.Where(s => s.Kind == "none" && !PostNames.Contains(s.Post) && s.Post != "regenerated").ToList();
        var flaggedImages = benign.Count(s => s.Verdict == TamperVerdict.LocallyEdited) / (double)Math.Max(1, benign.Count);
        var flaggedPixels = Mean(benign.Select(s => s.FlaggedPercent));
        Line($"| false alarms, unedited protected after the suite's non-geometric attacks ({benign.Count}) | <= 1% images, <= 0.5% pixels | {flaggedImages:P1} images, {flaggedPixels:0.00}% pixels | {Met(flaggedImages <= 0.01 && flaggedPixels <= 0.5)} |");
        var (balanced, _) = VerdictAccuracy(active);
        Line($"| verdict accuracy, four classes (mean of per-class accuracy) | >= 0.95 | {balanced:0.000} | {Met(balanced >= 0.95)} |");
        var rates = run.Copyright.ByAttack;
        var metAlone = rates.Count(r => r.Value.Alone / (double)r.Value.Trials >= r.Value.Target);
        var metBoth = rates.Count(r => r.Value.WithLayer / (double)r.Value.Trials >= r.Value.Target);
        var lost = rates.Where(r => r.Value.Alone / (double)r.Value.Trials >= r.Value.Target && r.Value.WithLayer / (double)r.Value.Trials < r.Value.Target).Select(r => r.Key).ToList();
        Line($"| copyright-mark targets with the layer embedded | as without | {metBoth} of {rates.Count} attacks met (without the layer {metAlone}){(lost.Count > 0 ? "; lost: " + string.Join(", ", lost) : "")} | {Met(lost.Count == 0)} |");
        var psnr = run.Psnr.Average(p => p.Both);
        Line($"| PSNR with both layers (copyright mark alone: {run.Psnr.Average(p => p.CopyrightOnly):0.00} dB) | mean >= 41 dB | {psnr:0.00} dB (min {run.Psnr.Min(p => p.Both):0.00}) | {Met(psnr >= 41)} |");
        var passive = run.Samples.Where(s => s.Passive).ToList();
        Line($"| passive clues alone, unprotected originals, edits of 5% and 20% ({passive.Count}) | report beside FakeShield | IoU {Mean(passive.Select(s => s.IoU)):0.000} / F1 {Mean(passive.Select(s => s.F1)):0.000} | n/a |");
        Line($"| verification time, {speed.Width}x{speed.Height} (after decode) | <= 1.5 s | {speed.VerifyMs / 1000:0.00} s wall (tamper analysis alone {speed.TamperOnlyMs / 1000:0.00} s; CPU time {speed.CpuMs / 1000:0.00} s over all threads; load average {speed.Load:0.0} on {Environment.ProcessorCount} CPUs) | {Met(speed.VerifyMs <= 1500)} |");
        md.AppendLine();
        ForensicsReportDetails.Write(md, run, active, edited, passive, PostNames);
        return md.ToString();
    }

    public static string Met(bool met) => met ? "yes" : "**no**";

    /// <summary>Mean of per-class accuracies over the four verdicts, and the per-class figures.</summary>
    public static (double Balanced, Dictionary<TamperVerdict, (int Total, int Correct)> PerClass) VerdictAccuracy(List<ForensicsSample> samples)
    {
        var perClass = Enum.GetValues<TamperVerdict>().ToDictionary(v => v, v =>
        {
            var set = samples.Where(s => s.Expected == v).ToList();
            return (set.Count, set.Count(s => s.Verdict == v));
        });
        var present = perClass.Where(p => p.Value.Item1 > 0).ToList();
        return (present.Count == 0 ? 0 : present.Average(p => p.Value.Item2 / (double)p.Value.Item1), perClass);
    }
}
