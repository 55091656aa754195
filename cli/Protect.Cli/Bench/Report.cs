using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Imaging.Watermarking.Tiled;

namespace Protect.Cli.Bench;

/// <summary>
/// Markdown for `bench image`: header (machine, date, command), per-attack recovery of the three methods side by
/// side, invisibility, false matches, speed.
/// </summary>
internal static class Report
{

    public static string Render(BenchSettings settings, DateTime started, TimeSpan elapsed, List<string> files, IReadOnlyList<BenchMethod> methods,
        List<QualityRow> quality, Dictionary<string, RateCounter> rates, FalseMatchCounter[] falseTrials, SpeedFigures? speed,
        List<SampleFigures> samples)
    {
        var md = new StringBuilder();
        void Line(FormattableString s) => md.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        var count = methods.Count;
        Line($"# Image watermark benchmark");
        md.AppendLine();
        if (settings.Quick)
        {
            md.AppendLine("> **Quick run** (`--quick`): a few images, one seed, few false-match trials. Not a result; run without `--quick` for the report.");
            md.AppendLine();
        }
        Line($"- Command: `{settings.CommandLine}`");
        Line($"- Date (UTC): {started:yyyy-MM-dd HH:mm}; run time {elapsed.TotalMinutes:F1} min");
        Line($"- Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");
        Line($"- Images: {files.Count} from `{ShortPath(settings.ImagesDirectory)}`; random attacks at {settings.Seeds} seed(s); default strength");
        foreach (var m in methods)
            Line($"- **{m.Name}**: {m.Description}");
        md.AppendLine();
        md.AppendLine("The production engine is what the service runs. The tiled engine is experimental and not used by the service; it is benchmarked here to decide whether it can ever replace production.");
        md.AppendLine();

        md.AppendLine("## Exact 64-bit recovery per attack");
        md.AppendLine();
        md.AppendLine("\"met\" compares each keyed engine with the attack's target (production / tiled). \"wrong\" counts trials where a keyed engine reported a payload other than the embedded one (production / tiled); the baseline has no check, so it never abstains.");
        md.AppendLine();
        md.AppendLine("| attack | trials | " + string.Join(" | ", methods.Select(m => m.Name)) + " | target | met | wrong |");
        md.AppendLine("|---|---:|" + string.Concat(Enumerable.Repeat("---:|", count)) + "---:|:---:|---:|");
        var keyed = Enumerable.Range(0, count).Where(i => methods[i].DetectWithKeys is not null).ToArray();
        foreach (var attack in settings.Attacks)
        {
            var r = rates[attack.Name];
            if (r.Trials(0) == 0)
                continue;
            var cells = string.Join(" | ", Enumerable.Range(0, count).Select(i => r.Rate(i).ToString("P1", CultureInfo.InvariantCulture)));
            var met = string.Join(" / ", keyed.Select(i => r.Rate(i) >= attack.Target ? "yes" : "**no**"));
            var wrong = string.Join(" / ", keyed.Select(i => r.Wrong(i).ToString(CultureInfo.InvariantCulture)));
            Line($"| {attack.Name} | {r.Trials(0)} | {cells} | {attack.Target:P0} | {met} | {wrong} |");
        }
        md.AppendLine();
        md.AppendLine("| attacks whose target is met | " + string.Join(" | ", keyed.Select(i => methods[i].Name)) + " |");
        md.AppendLine("|---|" + string.Concat(keyed.Select(_ => "---:|")));
        var measured = settings.Attacks.Where(a => rates[a.Name].Trials(0) > 0).ToList();
        Line($"| of {measured.Count} | {string.Join(" | ", keyed.Select(i => measured.Count(a => rates[a.Name].Rate(i) >= a.Target)))} |");
        md.AppendLine();

        md.AppendLine("## Invisibility (marked vs original, RGB PSNR and luma SSIM)");
        md.AppendLine();
        md.AppendLine("| method | PSNR mean | PSNR min | PSNR max | SSIM mean | SSIM min |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        for (var i = 0; i < count; i++)
        {
            Line($"| {methods[i].Name} | {quality.Average(q => q.Psnr[i]):F2} | {quality.Min(q => q.Psnr[i]):F2} | {quality.Max(q => q.Psnr[i]):F2} | {quality.Average(q => q.Ssim[i]):F4} | {quality.Min(q => q.Ssim[i]):F4} |");
        }
        md.AppendLine();
        md.AppendLine("<details><summary>Per image (PSNR dB / SSIM)</summary>");
        md.AppendLine();
        md.AppendLine("| image | " + string.Join(" | ", methods.Select(m => m.Name)) + " |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", count)));
        foreach (var q in quality)
        {
            var cells = string.Join(" | ", Enumerable.Range(0, count).Select(i =>
                string.Create(CultureInfo.InvariantCulture, $"{q.Psnr[i]:F2} / {q.Ssim[i]:F4}")));
            Line($"| {q.Image} | {cells} |");
        }
        md.AppendLine();
        md.AppendLine("</details>");
        md.AppendLine();

        md.AppendLine("### Smooth content at 200% (left original, right marked)");
        md.AppendLine();
        foreach (var s in samples)
        {
            Line($"- {s.Method}, {s.Name}: PSNR {s.Psnr:F1} dB, largest change {s.MaxChange} grey level(s), {s.ChangedFraction:P1} of pixels changed: ![{s.Method} {s.Name}](image-watermark-samples/{s.File})");
        }
        md.AppendLine();

        md.AppendLine("## False matches (keyed engines)");
        md.AppendLine();
        md.AppendLine("| trial | " + string.Join(" | ", keyed.Select(i => methods[i].Name + " trials | detections")) + " |");
        md.AppendLine("|---|" + string.Concat(keyed.Select(_ => "---:|---:|")));
        foreach (var kind in keyed.SelectMany(i => falseTrials[i].ByKind.Keys).Distinct())
        {
            var cells = string.Join(" | ", keyed.Select(i => falseTrials[i].ByKind.GetValueOrDefault(kind) is var (t, d) ? $"{t} | {d}" : "0 | 0"));
            Line($"| {kind} | {cells} |");
        }
        Line($"| **total** | {string.Join(" | ", keyed.Select(i => $"{falseTrials[i].Trials} | {falseTrials[i].Detections}"))} |");
        md.AppendLine();
        Line($"Bounds: production needs a {ImageWatermarkEngine.CheckBits}-bit keyed check to pass on one of at most {ImageWatermarkEngine.MaxHypotheses} decoded hypotheses (3 grid sizes x 8 flips/quarter turns, then the strongest pilot alignments after resynchronization), P(false match) <= {ImageWatermarkEngine.FalseMatchProbability:E2} per image and key; the tiled engine a {TiledWatermarkEngine.CheckBits}-bit check on one of at most {TiledWatermarkEngine.MaxHypotheses} hypotheses, <= {TiledWatermarkEngine.MaxHypotheses * TiledWatermarkEngine.FalseMatchProbability:E2}. Unmarked trials use the unmarked original and a random 50% crop with random keys (the first key on the original is the benchmark key); wrong-key trials read each engine's marked image with random keys. Both keyed engines share key-independent work across keys (`DetectWithKeys`).");
        md.AppendLine();

        md.AppendLine("## Speed (12 MP JPEG, quality 90)");
        md.AppendLine();
        if (speed is null)
        {
            md.AppendLine("Skipped (--no-speed).");
            return md.ToString();
        }
        Line($"{speed.Width}x{speed.Height}, medians of {speed.Repeats} runs after a warm-up. Codec floor = decode + encode: {speed.CodecMs:F0} ms (decode alone {speed.DecodeMs:F0} ms). Ratios are to the floor; the target for decode + embed + encode is <= 1.3, for a one-core detect <= 300 ms. The production engine has no thread setting (all-core figures only); the baseline is single-threaded.");
        md.AppendLine();
        md.AppendLine("| method | decode + embed + encode, ms (ratio) | same, one core for embed | embed only, ms | detect, ms | detect one core, ms | 12 MP JPEG read back |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|:---:|");
        foreach (var m in speed.Methods)
        {
            var single = m.PipelineSingleMs is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:F0} ({speed.Ratio(s):F2})") : "n/a";
            var detectSingle = m.DetectSingleMs is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d:F0}") : "n/a";
            Line($"| {m.Name} | {m.PipelineMs:F0} ({speed.Ratio(m.PipelineMs):F2}) | {single} | {m.EmbedMs:F0} | {m.DetectMs:F0} | {detectSingle} | {(m.RoundTrip ? "yes" : "**no**")} |");
        }
        return md.ToString();
    }

    private static string ShortPath(string path)
    {
        var index = path.IndexOf("shared", StringComparison.Ordinal);
        return index >= 0 ? path[index..] : path;
    }
}
