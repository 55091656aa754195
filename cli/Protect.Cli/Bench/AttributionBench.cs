using System.Diagnostics;
using Protect.Domain.Imaging.Attacks;
using Protect.Ml.Attribution;
using Protect.Ml.Attribution.Zoo;
using Protect.Ml.Torch;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TorchSharp;

namespace Protect.Cli.Bench;

/// <summary>
/// `bench attribution`: builds the generator zoo from the shared photos (train / test content split by source
/// image), trains a model on the 10 base generators, adds 4 incrementally, and measures accuracy, forgetting,
/// unknown rejection, robustness and speed. Writes docs/benchmarks/attribution.md (see <see cref="AttributionReport"/>).
/// </summary>
internal static class AttributionBench
{
    /// <summary>Side of the content crops every generator works on (and of the images the model sees).</summary>
    public const int CropSize = 192;

    public sealed record Settings(string CommandLine, bool Quick, int TrainPerClass, int TestPerClass, int ZooSteps, AttributionTrainingOptions Options);

    public static int Run(CliArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var output = args.Optional("--out") ?? Path.Combine("docs", "benchmarks", "attribution.md");
        var quick = args.Flag("--quick");
        var imagesRoot = args.Optional("--images") ?? BenchMedia.TestData("images");
        args.RejectUnknown();
        var command = "./protect " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
        var settings = quick
            ? new Settings(command, true, 10, 8, 40, new AttributionTrainingOptions { Steps = 60 })
            : new Settings(command, false, 25, 20, 30, new AttributionTrainingOptions());
        GlibcMalloc.Tune();
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(Math.Min(Environment.ProcessorCount, 4));
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var figures = Measure(settings, imagesRoot);
        var markdown = AttributionReport.Render(settings, started, clock.Elapsed, figures);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, markdown);
        Console.Error.WriteLine($"attribution bench: wrote {output} in {clock.Elapsed.TotalMinutes:F1} min");
        return 0;
    }

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");

    private static AttributionFigures Measure(Settings s, string imagesRoot)
    {
        using var content = ZooContent.Load(imagesRoot);
        using var zoo = GeneratorZoo.Standard();
        var f = new AttributionFigures { TrainContent = content.TrainNames, TestContent = content.TestNames, Zoo = zoo.Entries.Select(e => (e.Generator.Name, e.Generator.Family, e.Role)).ToList() };
        var clock = Stopwatch.StartNew();
        zoo.Prepare(content.Train, s.ZooSteps);
        f.ZooPrepareSeconds = clock.Elapsed.TotalSeconds;
        Log($"zoo prepared in {f.ZooPrepareSeconds:F0} s");
        clock.Restart();
        var train = new Dictionary<string, IReadOnlyList<Image<Rgba32>>>();
        var test = new Dictionary<string, IReadOnlyList<Image<Rgba32>>>();
        var index = 0;
        foreach (var entry in zoo.Entries)
        {
            index++;
            if (entry.Role != ZooRole.Unknown) train[entry.Generator.Name] = Generate(entry.Generator, content.Train, s.TrainPerClass, 1000 * index);
            test[entry.Generator.Name] = Generate(entry.Generator, content.Test, s.TestPerClass, 1000 * index + 500);
            Log($"generated {entry.Generator.Name} at {clock.Elapsed.TotalSeconds:F0} s");
        }
        var real = GeneratorZoo.Crops(content.Test, s.TestPerClass, CropSize, 99);
        f.GenerateSeconds = clock.Elapsed.TotalSeconds;
        Log($"samples generated in {f.GenerateSeconds:F0} s");
        try
        {
            Evaluate(s, zoo, train, test, real, f);
        }
        finally
        {
            foreach (var image in train.Values.Concat(test.Values).SelectMany(x => x).Concat(real)) image.Dispose();
        }
        return f;
    }

    private static List<Image<Rgba32>> Generate(ZooGenerator generator, IReadOnlyList<Image<Rgba32>> sources, int count, int seed)
    {
        var crops = GeneratorZoo.Crops(sources, count, CropSize, seed);
        var result = crops.Select((c, i) => generator.Generate(c, seed + i)).ToList();
        foreach (var c in crops) c.Dispose();
        return result;
    }

    private static void Evaluate(Settings s, GeneratorZoo zoo, Dictionary<string, IReadOnlyList<Image<Rgba32>>> train,
        Dictionary<string, IReadOnlyList<Image<Rgba32>>> test, List<Image<Rgba32>> real, AttributionFigures f)
    {
        var baseNames = zoo.With(ZooRole.Base).Select(g => g.Name).ToList();
        var addedNames = zoo.With(ZooRole.Added).Select(g => g.Name).ToList();
        var unknownNames = zoo.With(ZooRole.Unknown).Select(g => g.Name).ToList();
        var trainer = new AttributionTrainer(s.Options);
        var clock = Stopwatch.StartNew();
        using var baseModel = trainer.Update(null, baseNames.ToDictionary(n => n, n => train[n]));
        f.BaseTrainSeconds = clock.Elapsed.TotalSeconds;
        Log($"base model trained in {f.BaseTrainSeconds:F0} s (temperature {baseModel.Temperature:G3}, reject threshold {baseModel.RejectThreshold:G3})");

        f.Base = Score(baseModel, baseNames, test, img => img.Clone());
        f.BaseJpeg80 = Score(baseModel, baseNames, test, img => Transforms.Jpeg(img, 80));
        f.BaseResize50 = Score(baseModel, baseNames, test, img => Transforms.Resize(img, 0.5));
        Log($"base top-1 {f.Base.Accuracy:P1}, jpeg80 {f.BaseJpeg80.Accuracy:P1}, resize50 {f.BaseResize50.Accuracy:P1}");

        clock.Restart();
        using (var one = trainer.Update(baseModel, new Dictionary<string, IReadOnlyList<Image<Rgba32>>> { [addedNames[0]] = train[addedNames[0]] }))
            f.OneClassUpdateSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        using var full = trainer.Update(baseModel, addedNames.ToDictionary(n => n, n => train[n]));
        f.FourClassUpdateSeconds = clock.Elapsed.TotalSeconds;
        f.AfterOld = Score(full, baseNames, test, img => img.Clone());
        f.AfterNew = Score(full, addedNames, test, img => img.Clone());
        Log($"after update: old {f.AfterOld.Accuracy:P1}, new {f.AfterNew.Accuracy:P1}");

        var knownScores = f.AfterOld.UnknownScores.Concat(f.AfterNew.UnknownScores).ToList();
        f.KnownRejected = f.AfterOld.Rejected + f.AfterNew.Rejected;
        f.KnownCount = knownScores.Count;
        foreach (var name in unknownNames)
        {
            var scores = test[name].Select(img => full.Predict(img)).ToList();
            f.Unknown.Add((name, Auroc(knownScores, scores.Select(p => p.UnknownScore).ToList()), scores.Count(p => p.Unknown), scores.Count));
        }
        f.UnknownAuroc = Auroc(knownScores, unknownNames.SelectMany(n => test[n]).Select(img => full.Predict(img).UnknownScore).ToList());
        var realPredictions = real.Select(full.Predict).ToList();
        f.RealAuroc = Auroc(knownScores, realPredictions.Select(p => p.UnknownScore).ToList());
        f.RealRejected = realPredictions.Count(p => p.Unknown);
        f.RealCount = realPredictions.Count;

        using var stream = new MemoryStream();
        full.Save(stream);
        f.ModelBytes = stream.Length;
        stream.Position = 0;
        using var loaded = AttributionModel.Load(stream);
        var probe = test[addedNames[^1]][0];
        f.RoundTripIdentical = full.Predict(probe).Probabilities.SequenceEqual(loaded.Predict(probe).Probabilities);
        (f.InferenceMsPerMegapixel, f.InferenceCpuMsPerMegapixel) = InferenceMs(full, test[baseNames[0]][0]);
        f.LoadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        f.Classes = full.Classes.Count;
        f.Temperature = full.Temperature;
    }

    private static ClassScores Score(AttributionModel model, List<string> names, Dictionary<string, IReadOnlyList<Image<Rgba32>>> test, Func<Image<Rgba32>, Image<Rgba32>> attack)
    {
        var scores = new ClassScores();
        foreach (var name in names)
        {
            foreach (var image in test[name])
            {
                using var attacked = attack(image);
                var p = model.Predict(attacked);
                scores.Add(name, p.Probabilities[0].Generator == name, p.Unknown, p.UnknownScore, p.Probabilities[0].Probability);
            }
        }
        return scores;
    }

    /// <summary>P(score of an unknown image > score of a known one), ties count half.</summary>
    private static double Auroc(List<double> known, List<double> unknown)
    {
        double wins = 0;
        foreach (var u in unknown)
            foreach (var k in known)
                wins += u > k ? 1 : u == k ? 0.5 : 0;
        return wins / ((double)known.Count * unknown.Count);
    }

    /// <summary>Median wall time and mean process CPU time (all threads) of Predict on a 1024 x 1024 (1 MP) image made by tiling a generated sample.</summary>
    private static (double WallMs, double CpuMs) InferenceMs(AttributionModel model, Image<Rgba32> tile)
    {
        using var image = new Image<Rgba32>(1024, 1024);
        for (var y = 0; y < 1024; y += tile.Height)
            for (var x = 0; x < 1024; x += tile.Width)
                image.Mutate(c => c.DrawImage(tile, new Point(x, y), 1f));
        model.Predict(image);
        const int Runs = 15;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var times = Enumerable.Range(0, Runs).Select(_ =>
        {
            var sw = Stopwatch.StartNew();
            model.Predict(image);
            return sw.Elapsed.TotalMilliseconds;
        }).Order().ToList();
        return (times[times.Count / 2], (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Runs);
    }
}
