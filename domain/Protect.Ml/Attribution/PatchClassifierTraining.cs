using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace Protect.Ml.Attribution;

/// <summary>
/// Trains the residual CNN from scratch: random patches at random offsets (so the net cannot key on where a
/// periodic artifact's phase falls), classes drawn uniformly (a big class must not drown a small one), Adam with a
/// cosine-decayed rate, through a throw-away linear head. Only the trunk is kept.
/// </summary>
internal sealed class PatchClassifierTraining(AttributionTrainingOptions options, Device device)
{
    /// <summary>Running mean of the last steps' cross-entropy (a diagnostic for reports).</summary>
    public double FinalLoss { get; private set; }

    public void Run(ResidualFeatureNet net, IReadOnlyList<IReadOnlyList<Image<Rgba32>>> classes, Action<double> progress, CancellationToken cancellationToken)
    {
        torch.random.manual_seed(options.Seed);
        var rng = new Random(options.Seed);
        var pixels = classes.Select(images => images.Select(ToPatchableTensor).ToArray()).ToArray();
        try
        {
            using var head = nn.Linear(net.EmbeddingSize, classes.Count).to(device);
            var parameters = net.parameters().Concat(head.parameters()).ToList();
            using var optimizer = optim.Adam(parameters, options.LearningRate, weight_decay: 1e-4);
            net.train();
            var p = options.PatchSize;
            for (var step = 0; step < options.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rate = options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * step / options.Steps));
                foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
                var value = TrainingStep.Run(optimizer, () =>
                {
                    var labels = new long[options.BatchSize];
                    var crops = new Tensor[options.BatchSize];
                    for (var b = 0; b < options.BatchSize; b++)
                    {
                        var c = rng.Next(classes.Count);
                        var image = pixels[c][rng.Next(pixels[c].Length)];
                        var y = rng.Next((int)image.shape[1] - p + 1);
                        var x = rng.Next((int)image.shape[2] - p + 1);
                        crops[b] = image.narrow(1, y, p).narrow(2, x, p);
                        labels[b] = c;
                    }
                    var batch = stack(crops).to(device);
                    return nn.functional.cross_entropy(head.forward(net.Embed(batch)), tensor(labels).to(device));
                });
                if (!float.IsFinite(value)) throw new InvalidOperationException($"Attribution training diverged at step {step} (loss {value}).");
                FinalLoss = step == 0 ? value : 0.9 * FinalLoss + 0.1 * value;
                if (step % 10 == 0) progress((step + 1.0) / options.Steps);
            }
            progress(1);
        }
        finally
        {
            foreach (var t in pixels.SelectMany(x => x)) t.Dispose();
        }
    }

    /// <summary>The image as [3, H, W]; one smaller than a patch is upscaled to fit.</summary>
    private Tensor ToPatchableTensor(Image<Rgba32> image)
    {
        if (image.Width >= options.PatchSize && image.Height >= options.PatchSize) return ImageTensors.ToTensor(image);
        using var patch = ImageTensors.GridPatches(image, options.PatchSize, 1);
        return patch[0].clone();
    }
}
