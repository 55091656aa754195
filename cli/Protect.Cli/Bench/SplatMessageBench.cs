using System.Globalization;
using System.Text;
using Protect.Domain.Splats;
using Protect.Domain.Splats.Rendering;
using Protect.Domain.Splats.Watermarking;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Cli.Bench;

/// <summary>The hidden-message section of `bench splat`: text exactness and image PSNR per attack, ID mark embedded too.</summary>
internal static class SplatMessageBench
{
    private const int Trials = 3;
    private const string Text = "© 2026 Studio Nord — licensed to ACME for the trailer only. Ref #4711 ✓";

    private static readonly (string Name, Func<GaussianScene, int, GaussianScene> Apply, bool TextExact, bool ImageExact)[] Attacks =
    [
        ("none", (m, _) => m, true, true),
        ("shuffle the order", (m, t) => SplatAttacks.Shuffle(m, t), true, true),
        ("remove 30% at random", (m, t) => SplatAttacks.RemoveRandom(m, 0.3, t), true, false),
        ("remove the 30% least opaque", (m, _) => SplatAttacks.RemoveLeastOpaque(m, 0.3), true, false),
        ("store attributes as float16", (m, _) => SplatAttacks.Float16(m), true, true),
        ("noise of 1% of each attribute's range", (m, t) => SplatAttacks.Noise(m, 0.01, t), true, false),
        ("convert to .splat and back", (m, _) => SplatFile.Convert(m, SplatFormat.Splat), false, false),
        ("convert to SPZ (v4) and back", (m, _) => SplatFile.Convert(m, SplatFormat.Spz), false, false),
        ("convert to SuperSplat compressed .ply and back", (m, _) => SplatFile.Convert(m, SplatFormat.CompressedPly), false, false),
    ];

    public static void Section(StringBuilder report, IReadOnlyList<(string Name, GaussianScene Scene)> loaded, string scenes, Func<int, (Protect.Domain.Keys.WatermarkKey Key, Protect.Domain.Assets.WatermarkId Id)> trial)
    {
        using var image = Image.Load<Rgb24>(Path.Combine(scenes, "..", "images", "kodak", "kodim23.png"));
        image.Mutate(x => x.Resize(64, 64));
        var layer = new SplatMessageLayer();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Hidden message ({Encoding.UTF8.GetByteCount(Text)}-byte UTF-8 text + 64x64 RGB image (kodim23), on top of the ID mark)").AppendLine();
        var embeds = loaded.Select(s => Enumerable.Range(1, Trials).Select(t =>
        {
            var (key, id) = trial(t);
            var m = s.Scene.Clone();
            new SplatWatermarkEngine().Embed(m, key, id);
            return (Key: key, Id: id, Marked: m, Result: layer.Embed(m, key, Text, image));
        }).ToList()).ToList();
        foreach (var (s, e) in loaded.Zip(embeds))
            report.AppendLine(CultureInfo.InvariantCulture, $"- {s.Name}: text cell 2^{e[0].Result.TextCellExponent}, image sent as {e[0].Result.ImageEncoding} ({e[0].Result.ImageBytes:N0} bytes, {e[0].Result.ImageRepetition:F2}x capacity)");
        report.AppendLine();
        report.AppendLine("| attack | " + string.Join(" | ", loaded.Select(s => $"{s.Name} text exact | {s.Name} image PSNR")) + " | ID still read | target | met |");
        report.AppendLine("|---|" + string.Concat(loaded.Select(_ => "---|---|")) + "---|---|---|");
        foreach (var (name, apply, textExact, imageExact) in Attacks)
        {
            var cells = new List<string>();
            var met = true;
            int ids = 0, idTrials = 0;
            foreach (var e in embeds)
            {
                int exact = 0, images = 0;
                var psnrs = new List<double>();
                for (var t = 0; t < Trials; t++)
                {
                    var attacked = apply(e[t].Marked, t + 1);
                    using var message = layer.Extract(attacked, e[t].Key);
                    if (message.Text == Text) exact++;
                    else if (message.Text is not null) throw new InvalidOperationException($"Wrong text reported after '{name}'.");
                    if (message.Image is not null) { images++; psnrs.Add(Psnr(image, message.Image)); }
                    idTrials++;
                    if (new SplatWatermarkEngine().Detect(attacked, e[t].Key).WatermarkId == e[t].Id) ids++;
                }
                met &= (!textExact || exact == Trials) && (!imageExact || (images == Trials && psnrs.Min() >= 40));
                cells.Add($"{100.0 * exact / Trials:F0}%");
                cells.Add(images == 0 ? "not recovered" : $"{psnrs.Min():F1} dB ({images}/{Trials})");
            }
            var target = (textExact, imageExact) switch { (true, true) => "exact / >= 40 dB", (true, false) => "exact text", _ => "reported" };
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", cells)} | {ids}/{idTrials} | {target} | {(textExact || imageExact ? (met ? "yes" : "no") : "-")} |");
        }
        int wrong = 0;
        foreach (var e in embeds)
            for (var t = 0; t < Trials; t++)
            {
                using var message = layer.Extract(e[t].Marked, trial(t + 101).Key);
                if (message.Text is not null || message.Image is not null) wrong++;
            }
        report.AppendLine(CultureInfo.InvariantCulture, $"| wrong key ({embeds.Count * Trials} checks) | {wrong} read | | | | | nothing read | {(wrong == 0 ? "yes" : "no")} |").AppendLine();
        report.AppendLine("| scene | render PSNR, ID + message (8 views, 800x600) | target | met |").AppendLine("|---|---|---|---|");
        foreach (var (s, e) in loaded.Zip(embeds))
        {
            var f = RenderComparison.Compare(s.Scene, e[0].Marked, 8, 800, 600);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {s.Name} | {f.MeanPsnr:F2} dB mean, {f.MinPsnr:F2} dB min | >= 45 dB | {(f.MeanPsnr >= 45 ? "yes" : "no")} |");
        }
        report.AppendLine();
    }

    private static double Psnr(Image<Rgb24> a, Image<Rgb24> b)
    {
        if (a.Width != b.Width || a.Height != b.Height) return 0;
        double se = 0;
        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
            {
                var (p, q) = (a[x, y], b[x, y]);
                se += (p.R - q.R) * (p.R - q.R) + (p.G - q.G) * (p.G - q.G) + (p.B - q.B) * (p.B - q.B);
            }
        var mse = se / (a.Width * a.Height * 3.0);
        return mse <= 0 ? 100 : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
