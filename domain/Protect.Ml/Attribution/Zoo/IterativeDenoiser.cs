using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Protect.Ml.Attribution.Zoo;

/// <summary>
/// A diffusion-like sampler in miniature: a small residual denoiser (briefly trained to remove Gaussian noise from
/// content patches) is applied along a noise schedule, x = D(x + sigma_t * n) for each sigma_t. The denoiser's own
/// texture and the schedule (how many steps, how much noise is left at the end) make the fingerprint.
/// </summary>
public sealed class IterativeDenoiser(string name, double[] schedule, int width, int seed) : ZooGenerator(name, "iterative denoiser")
{
    private Module<Tensor, Tensor>? _net;

    public IReadOnlyList<double> Schedule => schedule;

    public override void Prepare(Tensor contentPatches, int steps)
    {
        ArgumentNullException.ThrowIfNull(contentPatches);
        torch.random.manual_seed(seed);
        _net = Sequential(Conv2d(3, width, 3, padding: 1), ReLU(), Conv2d(width, width, 3, padding: 1), ReLU(), Conv2d(width, 3, 3, padding: 1));
        var rng = new Random(seed);
        using var optimizer = optim.Adam(_net.parameters(), 3e-3);
        for (var step = 0; step < steps; step++)
        {
            TrainingStep.Run(optimizer, () =>
            {
                var index = tensor(Enumerable.Range(0, 8).Select(_ => (long)rng.Next((int)contentPatches.shape[0])).ToArray());
                var clean = contentPatches.index_select(0, index);
                var noisy = clean + randn_like(clean) * (rand(8, 1, 1, 1) * 0.25f + 0.01f);
                return functional.mse_loss(Denoise(_net, noisy), clean);
            });
        }
    }

    private static Tensor Denoise(Module<Tensor, Tensor> net, Tensor noisy) => noisy - net.forward(noisy);

    public override Image<Rgba32> Generate(Image<Rgba32> content, int seed)
    {
        var net = _net ?? throw new InvalidOperationException($"{Name}: call Prepare first.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // The global generator, reseeded: disposing a torch.Generator object here freed the default one (NaN inits later).
        torch.random.manual_seed(seed);
        var x = ImageTensors.ToTensor(content).unsqueeze(0);
        foreach (var sigma in schedule)
            x = Denoise(net, x + randn_like(x) * (float)sigma).clamp(0, 1);
        return ImageTensors.ToImage(x);
    }

    protected override void Dispose(bool disposing) => _net?.Dispose();
}
