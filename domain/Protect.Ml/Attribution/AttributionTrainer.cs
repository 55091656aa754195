using Protect.Ml.Torch;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace Protect.Ml.Attribution;

/// <summary>
/// Trains and updates <see cref="AttributionModel"/>s.
/// <para>From scratch (<c>previous == null</c>): the residual CNN is trained with a temporary linear head
/// (cross-entropy on random patches, balanced classes), then frozen; class prototypes and the shared covariance are
/// accumulated from grid patches of each class's training images.</para>
/// <para>Incremental (<c>previous != null</c>), the chosen method is <b>frozen features + class prototypes</b>
/// (nearest-class-mean under a shared covariance, i.e. incremental LDA): the network is not trained again; new
/// samples only add to the sufficient statistics of their class (new or existing). Old classes' statistics are
/// untouched, so nothing is forgotten by construction, and an update costs one forward pass per new image
/// (seconds), not a retraining. The price: new generators are described by features learned on the base ones
/// (plus the fixed spectrum), so a family very unlike every base generator separates less well; retrain from
/// scratch then. Temperature and threshold are refitted every time on the held-out feature memory of all classes.</para>
/// </summary>
public sealed class AttributionTrainer(AttributionTrainingOptions? options = null)
{
    private const double Shrinkage = 0.05;
    private readonly AttributionTrainingOptions _options = options ?? new AttributionTrainingOptions();

    public AttributionModel Update(AttributionModel? previous, IReadOnlyDictionary<string, IReadOnlyList<Image<Rgba32>>> samples,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0) throw new ArgumentException("No samples to learn from.", nameof(samples));
        foreach (var (name, images) in samples)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A generator needs a name.", nameof(samples));
            if (images.Count < 2) throw new ArgumentException($"Generator '{name}' needs at least 2 sample images.", nameof(samples));
        }
        if (previous is null && samples.Count < 2) throw new ArgumentException("Training from scratch needs at least 2 generators.", nameof(samples));
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(_options.Threads ?? Math.Min(Environment.ProcessorCount, 4));
        var device = _options.Device is { } d ? torch.device(d) : TorchRuntime.Device;
        var split = samples.ToDictionary(kv => kv.Key, kv => Split(kv.Key, kv.Value));

        AttributionModel model;
        if (previous is null)
        {
            var net = new ResidualFeatureNet(_options.Width).to(device);
            var fit = split.Select(kv => kv.Value.Fit).ToList();
            new PatchClassifierTraining(_options, device).Run(net, fit, p => progress?.Report(0.85 * p), cancellationToken);
            net.eval();
            var bank = StandardizerFrom(net, fit, device);
            model = new AttributionModel(net, bank, _options.PatchSize, _options.PatchesPerImage, device);
        }
        else
        {
            using var copy = new MemoryStream();
            previous.Save(copy);
            copy.Position = 0;
            model = ModelFile.Read(copy, device);
        }

        var done = 0;
        foreach (var (name, (fitImages, heldOut)) in split)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var index = model.Bank.ClassIndex(name);
            model.Bank.Add(index, fitImages.SelectMany(image => PatchFeatures(model, image)));
            foreach (var image in heldOut) model.Memory.Add((index, model.ImageFeature(image)));
            progress?.Report((previous is null ? 0.85 : 0) + (previous is null ? 0.15 : 1.0) * ++done / split.Count);
        }
        model.Calibrate(_options.RejectQuantile, _options.RejectMargin);
        return model;
    }

    /// <summary>Seeded, per class: which images train the prototypes and which stay out for calibration.</summary>
    private (IReadOnlyList<Image<Rgba32>> Fit, IReadOnlyList<Image<Rgba32>> HeldOut) Split(string name, IReadOnlyList<Image<Rgba32>> images)
    {
        var held = images.Count >= 3 ? Math.Max(1, (int)Math.Round(images.Count * _options.CalibrationFraction)) : 0;
        var order = Enumerable.Range(0, images.Count).ToArray();
        new Random(_options.Seed ^ StableHash(name)).Shuffle(order);
        return (order.Skip(held).Select(i => images[i]).ToList(), order.Take(held).Select(i => images[i]).ToList());
    }

    /// <summary>FNV-1a: string.GetHashCode is randomized per process, and the split must be reproducible.</summary>
    private static int StableHash(string text)
    {
        var h = 2166136261u;
        foreach (var ch in text) h = (h ^ ch) * 16777619u;
        return (int)(h & 0x7fffffff);
    }

    private static IEnumerable<double[]> PatchFeatures(AttributionModel model, Image<Rgba32> image)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var patches = ImageTensors.GridPatches(image, model.PatchSize, model.PatchesPerImage).to(model.Device);
        using var features = model.Net.forward(patches).cpu().contiguous();
        var dim = (int)features.shape[1];
        var values = features.data<float>().ToArray();
        return Enumerable.Range(0, (int)features.shape[0]).Select(r => model.Bank.Standardize(values.AsSpan(r * dim, dim))).ToList();
    }

    /// <summary>Feature mean and scale over the first training set's grid patches (fixed for the model's lifetime).</summary>
    private PrototypeBank StandardizerFrom(ResidualFeatureNet net, List<IReadOnlyList<Image<Rgba32>>> fit, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var all = fit.SelectMany(images => images)
            .Select(image => net.forward(ImageTensors.GridPatches(image, _options.PatchSize, _options.PatchesPerImage).to(device)).cpu())
            .ToArray();
        var features = cat(all, 0).to_type(ScalarType.Float64);
        var mean = features.mean([0]).data<double>().ToArray();
        var scale = features.std(0).clamp_min(1e-6).data<double>().ToArray();
        if (!mean.Concat(scale).All(double.IsFinite)) throw new InvalidOperationException("Attribution features are not finite.");
        return new PrototypeBank(mean, scale, Shrinkage);
    }
}
