using Protect.Ml.Attribution;
using Protect.Ml.Attribution.Zoo;
using Protect.Ml.Torch;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using static Protect.Ml.Attribution.Zoo.RecompressionPipeline;

namespace Protect.Domain.Tests.Ml;

/// <summary>
/// One small model trained once (seconds on 2 cores) on three clearly different generators: nearest-neighbour x2
/// upscaling, JPEG 30 and a strong sharpening, on Kodak crops; test crops come from other Kodak photos.
/// </summary>
public sealed class AttributionFixture : IDisposable
{
    public static readonly AttributionTrainingOptions Options = new()
    {
        PatchSize = 32, Steps = 60, BatchSize = 16, Width = 8, PatchesPerImage = 8, Threads = 2, Seed = 3,
    };

    public AttributionFixture()
    {
        GlibcMalloc.Tune();
        TorchRuntime.EnsureLoaded();
        var generators = new[]
        {
            new RecompressionPipeline("nearest2x", Resize(0.5, KnownResamplers.Box), Resize(2.0, KnownResamplers.NearestNeighbor)),
            new RecompressionPipeline("jpeg30", Jpeg(30)),
            new RecompressionPipeline("sharpen", Sharpen(2f)),
        };
        using var trainContent = Load(1, 6);
        using var testContent = Load(19, 3);
        foreach (var g in generators)
        {
            Train[g.Name] = Make(g, trainContent.Images, 10, 1);
            Test[g.Name] = Make(g, testContent.Images, 6, 2);
        }
        Base = new AttributionTrainer(Options).Update(null, new Dictionary<string, IReadOnlyList<Image<Rgba32>>>
        {
            ["nearest2x"] = Train["nearest2x"], ["jpeg30"] = Train["jpeg30"],
        });
    }

    public Dictionary<string, IReadOnlyList<Image<Rgba32>>> Train { get; } = [];
    public Dictionary<string, IReadOnlyList<Image<Rgba32>>> Test { get; } = [];
    public AttributionModel Base { get; }

    public double Accuracy(AttributionModel model, string name) =>
        Test[name].Count(image => model.Predict(image).Probabilities[0].Generator == name) / (double)Test[name].Count;

    private static List<Image<Rgba32>> Make(ZooGenerator g, IReadOnlyList<Image<Rgba32>> content, int count, int seed)
    {
        var crops = GeneratorZoo.Crops(content, count, 96, seed);
        var images = crops.Select((c, i) => g.Generate(c, i)).ToList();
        crops.ForEach(c => c.Dispose());
        return images;
    }

    private static Content Load(int first, int count) =>
        new(Enumerable.Range(first, count).Select(i => Image.Load<Rgba32>(TestData.Path("images", "kodak", $"kodim{i:00}.png"))).ToList());

    private sealed record Content(List<Image<Rgba32>> Images) : IDisposable
    {
        public void Dispose() => Images.ForEach(i => i.Dispose());
    }

    public void Dispose()
    {
        Base.Dispose();
        foreach (var image in Train.Values.Concat(Test.Values).SelectMany(x => x)) image.Dispose();
    }
}

public sealed class AttributionTests(AttributionFixture f) : IClassFixture<AttributionFixture>
{
    [Fact]
    public void Torch_training_separates_clearly_different_generators_on_unseen_content()
    {
        Assert.Equal(["nearest2x", "jpeg30"], f.Base.Classes);
        Assert.True(f.Accuracy(f.Base, "nearest2x") >= 0.8, $"nearest2x {f.Accuracy(f.Base, "nearest2x")}");
        Assert.True(f.Accuracy(f.Base, "jpeg30") >= 0.8, $"jpeg30 {f.Accuracy(f.Base, "jpeg30")}");
        var p = f.Base.Predict(f.Test["jpeg30"][0]);
        Assert.Equal(1.0, p.Probabilities.Sum(c => c.Probability), 6);
        Assert.True(p.Probabilities[0].Probability >= p.Probabilities[1].Probability);
        Assert.InRange(p.UnknownScore, 0, 1);
        Assert.Equal(p.Unknown, p.Generator is null);
    }

    [Fact]
    public void Save_and_load_round_trip_gives_identical_predictions()
    {
        using var stream = new MemoryStream();
        f.Base.Save(stream);
        stream.Position = 0;
        using var loaded = AttributionModel.Load(stream);
        Assert.Equal(f.Base.Classes, loaded.Classes);
        foreach (var image in f.Test["nearest2x"].Take(3).Concat(f.Test["sharpen"].Take(2)))
            Assert.Equal(f.Base.Predict(image), loaded.Predict(image), PredictionComparer.Instance);
        stream.Position = 3;
        Assert.Throws<InvalidDataException>(() => AttributionModel.Load(stream));
    }

    [Fact]
    public void Incremental_add_learns_the_new_class_and_keeps_the_old_ones()
    {
        var before = f.Base.Classes.ToDictionary(c => c, c => f.Accuracy(f.Base, c));
        using var updated = new AttributionTrainer(AttributionFixture.Options)
            .Update(f.Base, new Dictionary<string, IReadOnlyList<Image<Rgba32>>> { ["sharpen"] = f.Train["sharpen"] });
        Assert.Equal(["nearest2x", "jpeg30", "sharpen"], updated.Classes);
        Assert.Equal(["nearest2x", "jpeg30"], f.Base.Classes); // the previous model is left as it was
        foreach (var (name, accuracy) in before)
            Assert.True(f.Accuracy(updated, name) >= accuracy - 0.17, $"{name}: {accuracy} -> {f.Accuracy(updated, name)}");
        Assert.True(f.Accuracy(updated, "sharpen") >= 0.8, $"blur {f.Accuracy(updated, "sharpen")}");
    }

    private sealed class PredictionComparer : IEqualityComparer<AttributionPrediction>
    {
        public static readonly PredictionComparer Instance = new();

        public bool Equals(AttributionPrediction? x, AttributionPrediction? y) =>
            x is not null && y is not null && x.Generator == y.Generator && x.Unknown == y.Unknown
            && Math.Abs(x.UnknownScore - y.UnknownScore) < 1e-9 && x.Probabilities.SequenceEqual(y.Probabilities);

        public int GetHashCode(AttributionPrediction obj) => obj.Generator?.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
