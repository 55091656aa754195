using Protect.Ml.Attribution;
using Protect.Ml.Torch;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

using static Protect.Cli.CliIo;

namespace Protect.Cli;

/// <summary>
/// `attribute train` (one subfolder of sample images per generator; with --model, an incremental update of that
/// model) and `attribute predict` (one JSON object: generator, unknown, unknownScore, probabilities).
/// </summary>
internal static class AttributionCommands
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"];

    public static Task<int> RunAsync(CliArgs args) => args.Word(0, "attribute verb (train or predict)") switch
    {
        "train" => Task.FromResult(Train(args)),
        "predict" => Task.FromResult(Predict(args)),
        var other => throw new UsageException($"Unknown attribute verb '{other}'; use train or predict."),
    };

    private static int Train(CliArgs args)
    {
        var samplesDir = args.Required("--samples");
        var previousPath = args.Optional("--model") is { } m ? ExistingFile(m) : null;
        var output = Path.GetFullPath(args.Required("--out"));
        var steps = args.Optional("--steps") is { } s ? ParseInt(s, "--steps") : (int?)null;
        args.RejectUnknown();
        if (!Directory.Exists(samplesDir)) throw new UsageException($"Directory not found: {samplesDir}");
        GlibcMalloc.Tune();
        var samples = LoadSamples(samplesDir);
        try
        {
            using var previous = previousPath is null ? null : LoadModel(previousPath);
            var options = steps is { } n ? new AttributionTrainingOptions { Steps = Math.Max(1, n) } : new AttributionTrainingOptions();
            using var model = new AttributionTrainer(options).Update(previous, samples.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Image<Rgba32>>)kv.Value));
            WriteAtomically(output, model.Save);
            Print(new { model = output, classes = model.Classes, trained = samples.Keys.Order(StringComparer.Ordinal), incremental = previous is not null });
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        finally
        {
            foreach (var image in samples.Values.SelectMany(x => x)) image.Dispose();
        }
        return 0;
    }

    private static int Predict(CliArgs args)
    {
        var input = ExistingFile(args.Required("--in"));
        var modelPath = ExistingFile(args.Required("--model"));
        args.RejectUnknown();
        GlibcMalloc.Tune();
        using var model = LoadModel(modelPath);
        using var image = LoadImage(input);
        var p = model.Predict(image);
        Print(new
        {
            generator = p.Generator,
            unknown = p.Unknown,
            unknownScore = Math.Round(p.UnknownScore, 4),
            probabilities = p.Probabilities.Select(c => new { generator = c.Generator, probability = Math.Round(c.Probability, 4) }),
        });
        return 0;
    }

    private static Dictionary<string, List<Image<Rgba32>>> LoadSamples(string root)
    {
        var samples = new Dictionary<string, List<Image<Rgba32>>>(StringComparer.Ordinal);
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var files = Directory.GetFiles(dir).Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0) continue;
            samples[Path.GetFileName(dir)] = files.Select(LoadImage).ToList();
        }
        return samples.Count > 0 ? samples : throw new UsageException($"No generator subfolders with images under {root}.");
    }

    private static Image<Rgba32> LoadImage(string path)
    {
        try
        {
            return Image.Load<Rgba32>(path);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException)
        {
            throw new UsageException($"Not a readable image: {path}");
        }
    }

    private static AttributionModel LoadModel(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return AttributionModel.Load(stream);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new UsageException($"Not an attribution model: {path} ({e.Message})");
        }
    }
}
