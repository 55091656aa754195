using System.Globalization;
using System.Text;
using Protect.Domain.Forensics;

using static Protect.Cli.Bench.ForensicsMetrics;

namespace Protect.Cli.Bench;

/// <summary>The detail tables under the target table.</summary>
internal static class ForensicsReportDetails
{
    public static void Write(StringBuilder md, ForensicsRun run, List<ForensicsSample> active, List<ForensicsSample> edited, List<ForensicsSample> passive, string[] posts)
    {
        void Line(FormattableString s) => md.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        md.AppendLine("## Pixel F1 / IoU by edit and post-processing (edits >= 2%)\n");
        md.AppendLine("| edit | " + string.Join(" | ", posts) + " |");
        md.AppendLine("|---|" + string.Concat(posts.Select(_ => "---:|")));
        foreach (var kind in ForensicsEdits.Kinds)
        {
            var cells = posts.Select(p => edited.Where(s => s.Kind == kind && s.Post == p && s.AreaPercent >= 1.9).ToList())
                .Select(set => string.Create(CultureInfo.InvariantCulture, $"{Mean(set.Select(s => s.F1)):0.00} / {Mean(set.Select(s => s.IoU)):0.00}"));
            Line($"| {kind} | {string.Join(" | ", cells)} |");
        }
        md.AppendLine("\n## By edit size (all edits; F1 / IoU, share detected as locally edited)\n");
        md.AppendLine("| size | " + string.Join(" | ", posts) + " |");
        md.AppendLine("|---|" + string.Concat(posts.Select(_ => "---:|")));
        foreach (var size in edited.Select(s => Math.Round(s.AreaPercent)).Distinct().Order())
        {
            var cells = posts.Select(p => edited.Where(s => Math.Round(s.AreaPercent) == size && s.Post == p).ToList())
                .Select(set => string.Create(CultureInfo.InvariantCulture, $"{Mean(set.Select(s => s.F1)):0.00} / {Mean(set.Select(s => s.IoU)):0.00}, {set.Count(s => s.Verdict == TamperVerdict.LocallyEdited)}/{set.Count}"));
            Line($"| ~{size:0}% | {string.Join(" | ", cells)} |");
        }
        md.AppendLine("\n## False alarms and verdicts on unedited protected pictures\n");
        md.AppendLine("Geometric attacks of the suite (crops, rotations, flip, stretch, screenshot) are not analysed: the layer has no resynchronization for them yet (the copyright mark's own resynchronization is being added separately).\n");
        md.AppendLine("| processing | pictures | flagged as locally edited | mean flagged pixels | verdicts |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (var group in active.Where(s => s.Kind == "none").GroupBy(s => s.Post))
        {
            var verdicts = string.Join(", ", group.GroupBy(s => s.Verdict).Select(g => $"{g.Key} {g.Count()}"));
            Line($"| {group.Key} | {group.Count()} | {group.Count(s => s.Verdict == TamperVerdict.LocallyEdited)} | {Mean(group.Select(s => s.FlaggedPercent)):0.00}% | {verdicts} |");
        }
        md.AppendLine("\n## Verdicts (rows: truth, columns: verdict)\n");
        var (balanced, perClass) = ForensicsReport.VerdictAccuracy(active);
        var names = Enum.GetValues<TamperVerdict>();
        md.AppendLine("| truth | " + string.Join(" | ", names) + " | accuracy |");
        md.AppendLine("|---|" + string.Concat(names.Select(_ => "---:|")) + "---:|");
        foreach (var truth in names)
        {
            var set = active.Where(s => s.Expected == truth).ToList();
            Line($"| {truth} | {string.Join(" | ", names.Select(v => set.Count(s => s.Verdict == v)))} | {perClass[truth].Correct / (double)Math.Max(1, perClass[truth].Total):0.000} |");
        }
        Line($"\nMean of the per-class accuracies: {balanced:0.000}. Intact = protected copy untouched or after the suite's \"none\"; globally processed = JPEG 90/75, resize 75% + JPEG 85 and the suite's non-geometric attacks; regenerated = the benchmark's stand-in for AI re-generation (blur σ 2 + grain σ 6 + JPEG 80 over the whole picture).");
        md.AppendLine("\n## Copyright mark with and without the integrity layer (exact 64-bit recovery)\n");
        md.AppendLine("| attack | trials | mark alone | mark + integrity layer | target |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (attack, r) in run.Copyright.ByAttack)
            Line($"| {attack} | {r.Trials} | {r.Alone / (double)r.Trials:P1} | {r.WithLayer / (double)r.Trials:P1} | {r.Target:P0} |");
        md.AppendLine("\n## Passive clues alone (unprotected originals, same edits at 5% and 20%, none / JPEG 75) beside FakeShield's published figures\n");
        md.AppendLine("| method, data | IoU | F1 |");
        md.AppendLine("|---|---:|---:|");
        foreach (var post in new[] { "none", "jpeg-75" })
        {
            var set = passive.Where(s => s.Post == post).ToList();
            Line($"| ours, passive only, our edits after {post} ({set.Count}) | {Mean(set.Select(s => s.IoU)):0.000} | {Mean(set.Select(s => s.F1)):0.000} |");
        }
        Line($"| ours, integrity layer, same edits >= 2% after none ({edited.Count(s => s.Post == "none" && s.AreaPercent >= 1.9)}) | {Mean(edited.Where(s => s.Post == "none" && s.AreaPercent >= 1.9).Select(s => s.IoU)):0.000} | {Mean(edited.Where(s => s.Post == "none" && s.AreaPercent >= 1.9).Select(s => s.F1)):0.000} |");
        md.AppendLine("| FakeShield (ICLR 2025), CASIA1+ | 0.54 | 0.60 |");
        md.AppendLine("| FakeShield, IMD2020 | 0.50 | 0.57 |");
        md.AppendLine("| FakeShield, Columbia | 0.67 | 0.75 |");
        md.AppendLine("\nNot the same data: FakeShield's figures are on public datasets of real manipulations; ours are on the benchmark's own synthetic edits. Treat the comparison as an order of magnitude.");
        md.AppendLine("\n## Fidelity (RGB PSNR against the original)\n");
        md.AppendLine("| image | copyright mark alone | both layers |");
        md.AppendLine("|---|---:|---:|");
        foreach (var (image, alone, both) in run.Psnr)
            Line($"| {image} | {alone:0.00} | {both:0.00} |");
        md.AppendLine("\n## Examples\n");
        foreach (var e in run.Examples)
        {
            Line($"### {e.Title}\n");
            Line($"Verdict **{e.Verdict}**. Suspect / overlay (red = flagged) / mask:\n");
            Line($"![suspect](forensics-samples/{e.SuspectFile}) ![overlay](forensics-samples/{e.OverlayFile}) ![mask](forensics-samples/{e.MaskFile})\n");
            Line($"> {e.Explanation}\n");
        }
    }
}
