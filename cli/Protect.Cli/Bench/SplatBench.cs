using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using Protect.Domain.Assets;
using Protect.Domain.Keys;
using Protect.Domain.Splats;
using Protect.Domain.Splats.Rendering;
using Protect.Domain.Splats.Watermarking;

namespace Protect.Cli.Bench;

/// <summary>
/// `bench splat`: the issue's target table on the shared biker and guitar scenes, render fidelity and speed, written
/// to docs/benchmarks/splat.md. Keys and IDs are derived from fixed seeds so a rerun measures the same thing.
/// </summary>
internal static class SplatBench
{
    private const int Trials = 3;

    private static readonly (string Name, Func<GaussianScene, GaussianScene, int, GaussianScene> Apply, bool Align)[] Attacks =
    [
        ("none", (m, _, _) => m, false),
        ("shuffle the order", (m, _, t) => SplatAttacks.Shuffle(m, t), false),
        ("remove 30% at random", (m, _, t) => SplatAttacks.RemoveRandom(m, 0.3, t), false),
        ("remove the 30% least opaque", (m, _, _) => SplatAttacks.RemoveLeastOpaque(m, 0.3), false),
        ("store attributes as float16", (m, _, _) => SplatAttacks.Float16(m), false),
        ("noise of 1% of each attribute's range", (m, _, t) => SplatAttacks.Noise(m, 0.01, t), false),
        ("convert to .splat and back", (m, _, _) => SplatFile.Convert(m, SplatFormat.Splat), false),
        ("convert to SPZ (v4) and back", (m, _, _) => SplatFile.Convert(m, SplatFormat.Spz), false),
        ("convert to SuperSplat compressed .ply and back", (m, _, _) => SplatFile.Convert(m, SplatFormat.CompressedPly), false),
        ("keep only the Gaussians inside half of the bounding box", (m, _, _) => SplatAttacks.CropHalf(m), false),
        ("rotate, scale and translate the whole scene", (m, _, t) => SplatAttacks.Transform(m,
            Quaternion.CreateFromYawPitchRoll(0.4f + t, -0.3f, 0.2f * t), 0.5f + t, new Vector3(2, -1, 3 * t)), true),
        ("drop all SH bands above 0", (m, _, _) => SplatAttacks.DropSh(m), false),
    ];

    public static Task<int> RunAsync(CliArgs args)
    {
        var output = Path.GetFullPath(args.Optional("--out") ?? Path.Combine("docs", "benchmarks", "splat.md"));
        var scenes = args.Optional("--scenes") ?? FindScenes();
        args.RejectUnknown();
        var report = new StringBuilder();
        report.AppendLine("# Splat benchmark").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Environment.ProcessorCount} logical CPUs, {Environment.OSVersion}, .NET {Environment.Version}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine("- command: `./protect bench splat`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- {Trials} trials per attack and scene (a fresh key and ID each), blind detection unless the row says alignment").AppendLine();

        var engine = new SplatWatermarkEngine();
        var loaded = new[] { "biker.compressed.ply", "guitar.compressed.ply" }
            .Select(f => (Name: f.Split('.')[0], Scene: SplatFile.Read(Path.Combine(scenes, f)).Scene)).ToList();

        report.AppendLine("## Robustness (ID recovered = exact 64-bit ID with a valid keyed check)").AppendLine();
        report.AppendLine("| attack | " + string.Join(" | ", loaded.Select(s => s.Name)) + " | target | met |");
        report.AppendLine("|---|" + string.Concat(loaded.Select(_ => "---|")) + "---|---|");
        foreach (var (name, apply, align) in Attacks)
        {
            var cells = new List<string>();
            var all = true;
            foreach (var (_, scene) in loaded)
            {
                var ok = 0;
                for (var t = 1; t <= Trials; t++)
                {
                    var (key, id) = Trial(t);
                    var marked = scene.Clone();
                    engine.Embed(marked, key, id);
                    var verdict = SplatDetector.Detect(engine, apply(marked, scene, t), key, align ? scene : null);
                    if (verdict.Reading.Detected && verdict.Reading.WatermarkId == id) ok++;
                    else if (verdict.Reading.Detected) throw new InvalidOperationException($"Wrong ID reported after '{name}'.");
                }
                all &= ok == Trials;
                cells.Add($"{100.0 * ok / Trials:F0}%{(align ? " (aligned)" : "")}");
            }
            var target = name.StartsWith("keep", StringComparison.Ordinal) ? ">= 99%" : "100%";
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", cells)} | {target} | {(all ? "yes" : "no")} |");
        }
        var falseDetections = 0;
        var checks = 0;
        foreach (var (_, scene) in loaded)
            for (var t = 1; t <= Trials; t++)
            {
                var (key, id) = Trial(t);
                checks++;
                if (engine.Detect(scene, key).Detected) falseDetections++; // unmarked original
                var marked = scene.Clone();
                engine.Embed(marked, key, id);
                checks++;
                if (engine.Detect(marked, Trial(t + 100).Key).Detected) falseDetections++; // wrong key
            }
        report.AppendLine(CultureInfo.InvariantCulture, $"| unmarked scenes and wrong keys ({checks} checks) | {falseDetections} detected | | never detected | {(falseDetections == 0 ? "yes" : "no")} |");
        report.AppendLine("| hidden text / image | see the hidden message section | | exact / >= 40 dB | see below |").AppendLine();
        SplatMessageBench.Section(report, loaded, scenes, Trial);

        report.AppendLine("## Fidelity (8 orbit views, 800x600, protected vs original)").AppendLine();
        report.AppendLine("| scene | Gaussians | carriers | mean PSNR (dB) | min PSNR (dB) | mean SSIM | target | met |");
        report.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (name, scene) in loaded)
        {
            var (key, id) = Trial(1);
            var marked = scene.Clone();
            var result = engine.Embed(marked, key, id);
            var f = RenderComparison.Compare(scene, marked, 8, 800, 600);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {scene.Count:N0} | {result.Carriers:N0} | {f.MeanPsnr:F2} | {f.MinPsnr:F2} | {f.MeanSsim:F4} | >= 45 dB | {(f.MeanPsnr >= 45 ? "yes" : "no")} |");
        }
        report.AppendLine();
        SpeedSection(report, loaded[0].Scene, scenes);
        report.AppendLine(Published);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, report.ToString());
        Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { report = output }));
        return Task.FromResult(0);
    }

    private static void SpeedSection(StringBuilder report, GaussianScene biker, string scenes)
    {
        report.AppendLine("## Speed").AppendLine();
        report.AppendLine("| measure | value | target | met |").AppendLine("|---|---|---|---|");
        var million = Replicate(biker, 1_000_000);
        var (key, id) = Trial(1);
        var copy = million.Clone();
        var embed = Time(() => new SplatWatermarkEngine().Embed(copy, key, id));
        report.AppendLine(CultureInfo.InvariantCulture, $"| embed 1 M Gaussians | {embed:F2} s | <= 3 s | {(embed <= 3 ? "yes" : "no")} |");
        var detect = Time(() => new SplatWatermarkEngine().Detect(copy, key));
        report.AppendLine(CultureInfo.InvariantCulture, $"| blind detect 1 M Gaussians (all cell sizes) | {detect:F2} s | | |");
        var camera = Camera.Orbit(million, 8, 800, 600)[0];
        SplatRenderer.Render(million, camera); // warm-up (JIT, pools)
        var render = Time(() => SplatRenderer.Render(million, camera));
        report.AppendLine(CultureInfo.InvariantCulture, $"| render 1 M Gaussians at 800x600 | {render:F2} s | <= 2 s | {(render <= 2 ? "yes" : "no")} |");
        var ply = ToBytes(million, SplatFormat.Ply);
        foreach (var (label, bytes, name) in new[]
        {
            ("parse INRIA .ply (1 M, SH 0)", ply, "x.ply"),
            ("parse compressed .ply (biker)", File.ReadAllBytes(Path.Combine(scenes, "biker.compressed.ply")), "x.ply"),
            ("parse SPZ v4 (biker)", File.ReadAllBytes(Path.Combine(scenes, "biker.spz")), "x.spz"),
            ("parse .splat (1 M)", ToBytes(million, SplatFormat.Splat), "x.splat"),
        })
        {
            SplatFile.Read(new MemoryStream(bytes), name);
            // Small files parse in milliseconds: repeat each timed sample to ~64 MB so scheduler noise averages out.
            var repeats = Math.Max(1, (64 << 20) / bytes.Length);
            var seconds = Time(() =>
            {
                for (var r = 0; r < repeats; r++) SplatFile.Read(new MemoryStream(bytes), name);
            });
            var mbps = bytes.Length * (double)repeats / 1e6 / seconds;
            report.AppendLine(CultureInfo.InvariantCulture, $"| {label}: {bytes.Length / 1e6:F1} MB | {mbps:F0} MB/s | >= 100 MB/s | {(mbps >= 100 ? "yes" : "no")} |");
        }
        report.AppendLine();
    }

    private const string Published = """
        ## Published training-based methods (figures as quoted in the issue)

        | method | capacity | bit accuracy | scene PSNR | pruning | 3DGS compression | cost |
        |---|---|---|---|---|---|---|
        | GS-Hider (NeurIPS 2024) | image or scene | hidden image 42.5 dB | -0.77 dB drop | quality falls | ~50% bit accuracy | per-scene GPU training |
        | GuardSplat | 32 bits | 99.04% | 39.4 dB | | ~50% bit accuracy | per-scene GPU training |
        | 3D-GSW | | 97.37% | 35 dB | ~88% after 20% removed | ~50% bit accuracy | per-scene GPU training |
        | Protect (this report) | 64-bit ID + 32-bit keyed check | exact ID or nothing | see fidelity | see table | see conversions | seconds on CPU, no training |
        """;

    private static (WatermarkKey Key, WatermarkId Id) Trial(int t)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(t));
        return (WatermarkKey.FromBytes(bytes), new WatermarkId(BitConverter.ToUInt64(bytes, 8) ^ 0x5a5a5a5a5a5a5a5aUL));
    }

    /// <summary>Copies of the scene, each jittered by a few millimetres, until the count is reached.</summary>
    private static GaussianScene Replicate(GaussianScene s, int count)
    {
        var indices = new int[count];
        for (var i = 0; i < count; i++) indices[i] = i % s.Count;
        var r = s.Select(indices);
        var rng = new Random(7);
        for (var i = s.Count * 3; i < r.Positions.Length; i++) r.Positions[i] += (float)(rng.NextDouble() - 0.5) * 0.01f;
        return r;
    }

    private static byte[] ToBytes(GaussianScene s, SplatFormat f)
    {
        using var m = new MemoryStream();
        SplatFile.Write(s, m, f);
        return m.ToArray();
    }

    private static double Time(Action action)
    {
        var best = double.MaxValue;
        for (var k = 0; k < 5; k++) // best of five: small files finish in milliseconds, where one GC pause dominates
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static string FindScenes()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "testdata", "splats");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new UsageException("No shared/testdata/splats found above the current directory; pass --scenes DIR.");
    }
}
