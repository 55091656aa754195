using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Attacks;
using Protect.Domain.Imaging.Baselines;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Imaging.Watermarking.Tiled;
using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Cli.Bench;

/// <summary>
/// `bench image`: the production grid engine, the experimental tiled engine and the DWT-DCT baseline through the
/// same attack suite on the same images, side by side, plus invisibility, false-match trials and speed ratios on a
/// 12 MP JPEG, all in one run; writes a markdown report.
/// </summary>
internal static class ImageBench
{
    public static int Run(CliArgs args)
    {
        var settings = BenchSettings.From(args);
        args.RejectUnknown();
        var started = DateTime.UtcNow;
        var total = Stopwatch.StartNew();
        var key = WatermarkKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes("protect/bench/image")));
        var methods = BenchMethod.All(key);
        var files = settings.ImageFiles();
        Log($"{files.Count} images, {settings.Attacks.Count} attacks, {settings.Seeds} seeds, methods: {string.Join(", ", methods.Select(m => m.Name))}");

        var quality = new List<QualityRow>();
        var rates = settings.Attacks.ToDictionary(a => a.Name, _ => new RateCounter(methods.Count));
        var falseTrials = methods.Select(_ => new FalseMatchCounter()).ToArray();
        var falseKeysPerImage = Math.Max(1, (int)Math.Ceiling(settings.FalseTrials / (3.0 * files.Count)));
        var index = 0;
        foreach (var file in files)
        {
            index++;
            var payload = Payload(file);
            using var original = Image.Load<Rgba32>(file);
            var marked = new Image<Rgba32>[methods.Count];
            var large = new Image<Rgba32>?[methods.Count];
            try
            {
                for (var m = 0; m < methods.Count; m++)
                {
                    marked[m] = original.Clone();
                    methods[m].Embed(marked[m], payload);
                }
                quality.Add(new QualityRow(Path.GetFileName(file),
                    marked.Select(i => ImageQuality.Psnr(original, i)).ToArray(),
                    marked.Select(i => ImageQuality.Ssim(original, i)).ToArray()));
                foreach (var attack in settings.Attacks)
                {
                    var counter = rates[attack.Name];
                    for (var m = 0; m < methods.Count; m++)
                    {
                        var host = marked[m];
                        if (attack.HostScale != 1)
                        {
                            if (large[m] is null)
                            {
                                large[m] = Transforms.Resize(original, attack.HostScale);
                                methods[m].Embed(large[m]!, payload);
                            }
                            host = large[m]!;
                        }
                        for (var seed = 1; seed <= (attack.Random ? settings.Seeds : 1); seed++)
                        {
                            using var attacked = attack.Apply(host, seed);
                            var read = methods[m].Read(attacked);
                            counter.Add(m, read == payload, read is { } p && p != payload);
                        }
                    }
                }
                // False-match trials: the unmarked original, a random crop of it, and the marked image with wrong keys.
                using var crop = Transforms.CropArea(original, 0.5, index);
                for (var m = 0; m < methods.Count; m++)
                {
                    if (methods[m].DetectWithKeys is not { } detect)
                        continue;
                    foreach (var (image, kind) in new[] { (original, "unmarked"), (crop, "unmarked crop"), (marked[m], "marked, wrong key") })
                    {
                        var keys = Enumerable.Range(0, falseKeysPerImage)
                            .Select(k => kind == "marked, wrong key" || k > 0 ? WatermarkKey.Generate() : key).ToList();
                        falseTrials[m].Add(kind, detect(image, keys));
                    }
                }
            }
            finally
            {
                foreach (var image in marked.Concat(large))
                    image?.Dispose();
            }
            Log($"{index}/{files.Count} {Path.GetFileName(file)}: PSNR {string.Join(" / ", quality[^1].Psnr.Select(p => p.ToString("F2", CultureInfo.InvariantCulture)))} dB, {total.Elapsed.TotalSeconds:F0} s");
        }

        var speed = settings.SkipSpeed ? null : SpeedBench.Run(files[0], key);
        var samples = methods.Where(m => m.Engine is not null)
            .SelectMany(m => SmoothSamples.Write(m.Engine!, m.Slug, key, settings.SamplesDirectory)).ToList();
        var report = Report.Render(settings, started, total.Elapsed, files, methods, quality, rates, falseTrials, speed, samples);
        Directory.CreateDirectory(Path.GetDirectoryName(settings.OutputFile)!);
        File.WriteAllText(settings.OutputFile, report);
        Log($"wrote {settings.OutputFile} in {total.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    internal static ulong Payload(string file) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFileName(file))));

    internal static void Log(string line) => Console.Error.WriteLine($"[bench image] {line}");
}

/// <summary>A watermarking method under test with the benchmark key bound in.</summary>
/// <param name="Name">Column heading.</param>
/// <param name="Slug">File-name-safe short name.</param>
/// <param name="Read">The payload the method reports, or null when it reports none (the baseline always reports one).</param>
/// <param name="DetectWithKeys">Detection under many keys for false-match trials; null for methods without a keyed check.</param>
/// <param name="Engine">Embedding without the bound key, for the smooth samples; null for the baseline.</param>
internal sealed record BenchMethod(string Name, string Slug, string Description, Action<Image<Rgba32>, ulong> Embed,
    Func<Image<Rgba32>, ulong?> Read, Func<Image<Rgba32>, IReadOnlyList<WatermarkKey>, IReadOnlyList<DetectionResult>>? DetectWithKeys,
    Action<Image<Rgba32>, WatermarkKey, ulong>? Engine)
{
    public static IReadOnlyList<BenchMethod> All(WatermarkKey key)
    {
        var production = new ImageWatermarkEngine();
        var tiled = new TiledWatermarkEngine();
        return
        [
            new("ours (production)", "production",
                "`ImageWatermarkEngine`: keyed luminance grid of a repeated tile, rate-1/3 K=7 code + 40-bit keyed check; flips/quarter turns by tile permutation, then autocorrelation lattice + pilot resynchronization",
                (i, p) => production.Embed(i, key, p),
                i => production.Detect(i, key) is { Detected: true } r ? r.Payload : null,
                production.DetectWithKeys,
                (i, k, p) => production.Embed(i, k, p)),
            new("tiled (experimental)", "tiled",
                "`TiledWatermarkEngine`: periodic keyed tile, autocorrelation sync, pilot alignment, rate-1/3 K=7 code + 40-bit keyed check",
                (i, p) => tiled.Embed(i, key, p),
                i => tiled.Detect(i, key) is { Detected: true } r ? r.Payload : null,
                tiled.DetectWithKeys,
                (i, k, p) => tiled.Embed(i, k, p)),
            new("DWT-DCT baseline", "baseline",
                "DWT-DCT (invisible-watermark's dwtDct, U channel, step 36), no key and no check: it always outputs 64 bits",
                DwtDctWatermark.Embed,
                i => DwtDctWatermark.Detect(i),
                null,
                null),
        ];
    }
}

/// <summary>Per image, per method (in <see cref="BenchMethod.All"/> order).</summary>
internal sealed record QualityRow(string Image, double[] Psnr, double[] Ssim);

internal sealed class RateCounter(int methods)
{
    private readonly int[] _trials = new int[methods];
    private readonly int[] _exact = new int[methods];
    private readonly int[] _wrong = new int[methods];

    public void Add(int method, bool exact, bool wrong)
    {
        _trials[method]++;
        _exact[method] += exact ? 1 : 0;
        _wrong[method] += wrong ? 1 : 0;
    }

    public int Trials(int method) => _trials[method];

    public double Rate(int method) => _trials[method] == 0 ? 0 : _exact[method] / (double)_trials[method];

    /// <summary>Trials where a payload other than the embedded one was reported.</summary>
    public int Wrong(int method) => _wrong[method];
}

internal sealed class FalseMatchCounter
{
    public Dictionary<string, (int Trials, int Detections)> ByKind { get; } = [];

    public void Add(string kind, IReadOnlyList<DetectionResult> results)
    {
        var (trials, detections) = ByKind.GetValueOrDefault(kind);
        ByKind[kind] = (trials + results.Count, detections + results.Count(r => r.Detected));
    }

    public int Trials => ByKind.Values.Sum(v => v.Trials);
    public int Detections => ByKind.Values.Sum(v => v.Detections);
}

internal sealed record BenchSettings(string ImagesDirectory, string OutputFile, string SamplesDirectory, int Seeds, int MaxImages,
    IReadOnlyList<ImageAttack> Attacks, int FalseTrials, bool SkipSpeed, bool Quick, string CommandLine)
{
    public static BenchSettings From(CliArgs args)
    {
        var quick = args.Flag("--quick");
        var images = args.Optional("--images") ?? FindKodak();
        var output = Path.GetFullPath(args.Optional("--out") ?? Path.Combine("docs", "benchmarks", "image-watermark.md"));
        var seeds = int.Parse(args.Optional("--seeds") ?? (quick ? "1" : "3"), CultureInfo.InvariantCulture);
        var max = int.Parse(args.Optional("--max-images") ?? (quick ? "4" : "1000"), CultureInfo.InvariantCulture);
        var falseTrials = int.Parse(args.Optional("--false-trials") ?? (quick ? "300" : "10080"), CultureInfo.InvariantCulture);
        var names = args.Optional("--attacks");
        var attacks = names is null ? ImageAttacks.Standard : names.Split(',').Select(Attack).ToList();
        var skipSpeed = args.Flag("--no-speed");
        if (seeds < 1 || max < 1 || falseTrials < 0)
            throw new UsageException("--seeds and --max-images must be at least 1, --false-trials at least 0.");
        var command = "./protect bench image " + string.Join(' ', Environment.GetCommandLineArgs().Skip(3));
        return new BenchSettings(images, output, Path.Combine(Path.GetDirectoryName(output)!, "image-watermark-samples"),
            seeds, max, attacks, falseTrials, skipSpeed, quick, command.Trim());
    }

    private static ImageAttack Attack(string name) =>
        ImageAttacks.Standard.FirstOrDefault(a => a.Name == name.Trim())
        ?? throw new UsageException($"Unknown attack '{name}'; known: {string.Join(',', ImageAttacks.Standard.Select(a => a.Name))}.");

    public List<string> ImageFiles()
    {
        if (!Directory.Exists(ImagesDirectory))
            throw new UsageException($"Image folder not found: {ImagesDirectory}");
        var files = Directory.EnumerateFiles(ImagesDirectory)
            .Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).Take(MaxImages).ToList();
        return files.Count > 0 ? files : throw new UsageException($"No PNG or JPEG images in {ImagesDirectory}");
    }

    private static string FindKodak()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "testdata", "images", "kodak");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new UsageException("No shared/testdata/images/kodak above the current folder; pass --images DIR.");
    }
}
