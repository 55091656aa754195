using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Protect.Domain.Forensics;
using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Attacks;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Cli.Bench;

/// <summary>
/// `bench forensics`: protects the shared photos with both layers, edits them itself (ground truth from the edit),
/// post-processes, verifies, and writes docs/benchmarks/forensics.md with issue 4's target table.
/// </summary>
internal static class ForensicsBench
{
    public static readonly (string Name, Func<Image<Rgba32>, Image<Rgba32>> Apply)[] Posts =
    [
        ("none", i => i.Clone()),
        ("jpeg-90", i => Transforms.Jpeg(i, 90)),
        ("jpeg-75", i => Transforms.Jpeg(i, 75)),
        ("resize75+jpeg85", i => { using var r = Transforms.Resize(i, 0.75); return Transforms.Jpeg(r, 85); }),
    ];

    /// <summary>Attacks that change the geometry (crop, rotation, flip, stretch): the layer has no resynchronization for them.</summary>
    public static bool Geometric(ImageAttack a) =>
        a.Name.StartsWith("crop", StringComparison.Ordinal) || a.Name.StartsWith("rotate", StringComparison.Ordinal)
        || a.Name is "flip-h" or "stretch-w-120" or "screenshot";

    /// <summary>The rendered examples: (image index, edit kind index, post-processing), at 10% of the area.</summary>
    private static readonly (int, int, string)[] Examples = [(0, 0, "jpeg-90"), (1, 2, "resize75+jpeg85"), (2, 4, "jpeg-75")];

    public static int Run(CliArgs args)
    {
        var quick = args.Flag("--quick");
        var output = Path.GetFullPath(args.Optional("--out") ?? Path.Combine("docs", "benchmarks", "forensics.md"));
        var max = int.Parse(args.Optional("--max-images") ?? (quick ? "3" : "1000"), CultureInfo.InvariantCulture);
        args.RejectUnknown();
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var key = WatermarkKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes("protect/bench/forensics")));
        var engine = new ImageWatermarkEngine();
        var protection = new ImageProtection(engine);
        var files = Directory.GetFiles(BenchMedia.TestData("images", "kodak")).Order(StringComparer.Ordinal).Take(max)
            .Concat(Directory.GetFiles(BenchMedia.TestData("images", "misc")).Order(StringComparer.Ordinal).Take(quick ? 1 : 100)).ToList();
        double[] sizes = quick ? [0.02, 0.1] : [0.01, 0.02, 0.05, 0.1, 0.2];
        var run = new ForensicsRun();
        for (var index = 0; index < files.Count; index++)
        {
            var name = Path.GetFileName(files[index]);
            using var original = Image.Load<Rgba32>(files[index]);
            using var donor = Image.Load<Rgba32>(files[(index + 1) % files.Count]);
            var payload = ImageBench.Payload(files[index]);
            using var copyrightOnly = original.Clone();
            engine.Embed(copyrightOnly, key, payload);
            using var both = copyrightOnly.Clone();
            IntegrityLayer.Embed(both, key);
            run.Psnr.Add((name, ImageQuality.Psnr(original, copyrightOnly), ImageQuality.Psnr(original, both)));

            foreach (var (post, apply) in Posts)
            {
                using var suspect = apply(both);
                run.Add(Verify(protection, key, suspect, null, name, "none", 0, post, false,
                    post == "none" ? TamperVerdict.Intact : TamperVerdict.GloballyProcessed));
            }
            for (var k = 0; k < ForensicsEdits.Kinds.Length; k++)
            {
                foreach (var size in sizes)
                {
                    var seed = (index * 1000) + (k * 100) + (int)(size * 100);
                    using var edited = ForensicsEdits.Apply(ForensicsEdits.Kinds[k], both, donor, size, seed);
                    using var plain = ForensicsEdits.Apply(ForensicsEdits.Kinds[k], original, donor, size, seed);
                    foreach (var (post, apply) in Posts)
                    {
                        using var suspect = apply(edited.Image);
                        run.Add(Verify(protection, key, suspect, edited, name, ForensicsEdits.Kinds[k], edited.AreaPercent, post, false, TamperVerdict.LocallyEdited));
                        if (size is 0.05 or 0.2 && post is "none" or "jpeg-75")
                        {
                            using var passive = apply(plain.Image);
                            run.Add(Verify(protection, key, passive, plain, name, ForensicsEdits.Kinds[k], plain.AreaPercent, post, true, TamperVerdict.LocallyEdited));
                        }
                        if (Array.IndexOf(Examples, (index, k, post)) is var e and >= 0 && Math.Abs(size - 0.1) < 1e-9)
                            run.Examples.Add(ForensicsSamples.Render(protection, key, suspect, $"{name}, {ForensicsEdits.Kinds[k]} of {edited.AreaPercent:0.#}%, then {post}",
                                Path.Combine(Path.GetDirectoryName(output)!, "forensics-samples"), e + 1));
                    }
                }
            }
            foreach (var attack in ImageAttacks.Standard.Where(a => quick ? a.Name is "jpeg-50" or "resize-50" or "gamma-0.7" or "crop-50" or "blur-1.5" : true))
                BenignAndCopyright(run, protection, engine, key, original, copyrightOnly, both, attack, payload, name);
            using (var regenerated = Regenerate(both))
                run.Add(Verify(protection, key, regenerated, null, name, "none", 0, "regenerated", false, TamperVerdict.Regenerated));
            Log($"{index + 1}/{files.Count} {name}: {clock.Elapsed.TotalSeconds:F0} s");
        }
        var speed = ForensicsSpeed.Measure(protection, key, files[0]);
        var command = ("./protect bench forensics " + string.Join(' ', Environment.GetCommandLineArgs().Skip(3))).Trim();
        var report = ForensicsReport.Render(run, command, started, clock.Elapsed, files.Count, quick, speed);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, report);
        Log($"wrote {output} in {clock.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    private static void BenignAndCopyright(ForensicsRun run, ImageProtection protection, ImageWatermarkEngine engine, WatermarkKey key,
        Image<Rgba32> original, Image<Rgba32> copyrightOnly, Image<Rgba32> both, ImageAttack attack, ulong payload, string name)
    {
        Image<Rgba32>? largeAlone = null, largeBoth = null;
        if (attack.HostScale != 1)
        {
            largeAlone = Transforms.Resize(original, attack.HostScale);
            engine.Embed(largeAlone, key, payload);
            largeBoth = largeAlone.Clone();
            IntegrityLayer.Embed(largeBoth, key);
        }
        using (largeAlone)
        using (largeBoth)
        {
            using var alone = attack.Apply(largeAlone ?? copyrightOnly, 1);
            using var attacked = attack.Apply(largeBoth ?? both, 1);
            var verification = protection.Verify(attacked, key);
            run.Copyright.Add(attack.Name, attack.Target, engine.Detect(alone, key).Payload == payload, verification.Copyright.Payload == payload);
            if (!Geometric(attack))
                run.Add(Sample(verification, attacked, null, name, "none", 0, attack.Name, false, attack.Name == "none" ? TamperVerdict.Intact : TamperVerdict.GloballyProcessed));
        }
    }

    /// <summary>
    /// Stand-in for AI re-generation: everything re-rendered (blur σ 2, fresh grain σ 6, JPEG 80), which keeps the
    /// copyright mark (weakened) and wipes the fine integrity carriers everywhere.
    /// </summary>
    public static Image<Rgba32> Regenerate(Image<Rgba32> image)
    {
        using var soft = image.Clone(c => c.GaussianBlur(2f));
        using var grain = Transforms.GaussianNoise(soft, 6, 7);
        return Transforms.Jpeg(grain, 80);
    }

    private static ForensicsSample Verify(ImageProtection protection, WatermarkKey key, Image<Rgba32> suspect, EditedImage? edit, string name,
        string kind, double area, string post, bool passive, TamperVerdict expected) =>
        Sample(protection.Verify(suspect, key), suspect, edit, name, kind, area, post, passive, expected);

    private static ForensicsSample Sample(ImageVerification v, Image<Rgba32> suspect, EditedImage? edit, string name, string kind, double area,
        string post, bool passive, TamperVerdict expected)
    {
        var truth = edit is null ? null : ForensicsMetrics.Resample(edit.Truth, edit.Image.Width, edit.Image.Height, suspect.Width, suspect.Height);
        var (f1, iou, flagged) = ForensicsMetrics.Score(v.Tamper.Mask.Thresholded(), truth);
        return new ForensicsSample(name, kind, area, post, passive, f1, iou, flagged, v.Tamper.Verdict, expected);
    }

    internal static void Log(string line) => Console.Error.WriteLine($"[bench forensics] {line}");
}

/// <summary>Everything one benchmark run measured.</summary>
internal sealed class ForensicsRun
{
    public List<ForensicsSample> Samples { get; } = [];
    public List<(string Image, double CopyrightOnly, double Both)> Psnr { get; } = [];
    public CopyrightRates Copyright { get; } = new();
    public List<SampleRender> Examples { get; } = [];

    public void Add(ForensicsSample sample) => Samples.Add(sample);
}
