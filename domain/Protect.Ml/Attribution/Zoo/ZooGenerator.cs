using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace Protect.Ml.Attribution.Zoo;

/// <summary>One image generator of the benchmark zoo: content image in, "generated" image with its fingerprint out.</summary>
public abstract class ZooGenerator(string name, string family) : IDisposable
{
    public string Name { get; } = name;
    public string Family { get; } = family;

    /// <summary>Learns whatever the generator learns (neural ones: seconds on content patches); no-op for pipelines.</summary>
    public virtual void Prepare(Tensor contentPatches, int steps) { }

    /// <summary>Generates from <paramref name="content"/>; <paramref name="seed"/> drives any noise it injects.</summary>
    public abstract Image<Rgba32> Generate(Image<Rgba32> content, int seed);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) { }
}

/// <summary>
/// A x2 upsampling network: briefly trained (L1, Adam) to rebuild content patches from their 2x2-mean downscale,
/// then used to "generate" each content image from its downscale. Short training leaves each architecture's and
/// each initialization's own high-frequency pattern in the output: the fingerprint.
/// </summary>
public sealed class UpsamplerGenerator(string name, string family, Func<nn.Module<Tensor, Tensor>> build, int seed) : ZooGenerator(name, family)
{
    private nn.Module<Tensor, Tensor>? _net;

    public override void Prepare(Tensor contentPatches, int steps)
    {
        ArgumentNullException.ThrowIfNull(contentPatches);
        torch.random.manual_seed(seed);
        _net = build();
        var rng = new Random(seed);
        using var optimizer = optim.Adam(_net.parameters(), 3e-3);
        _net.train();
        for (var step = 0; step < steps; step++)
        {
            TrainingStep.Run(optimizer, () =>
            {
                var index = tensor(Enumerable.Range(0, 8).Select(_ => (long)rng.Next((int)contentPatches.shape[0])).ToArray());
                var target = contentPatches.index_select(0, index);
                return nn.functional.l1_loss(_net.forward(nn.functional.avg_pool2d(target, 2)), target);
            });
        }
        _net.eval();
    }

    public override Image<Rgba32> Generate(Image<Rgba32> content, int seed)
    {
        var net = _net ?? throw new InvalidOperationException($"{Name}: call Prepare first.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = ImageTensors.ToTensor(content).unsqueeze(0);
        return ImageTensors.ToImage(net.forward(nn.functional.avg_pool2d(x, 2)));
    }

    protected override void Dispose(bool disposing) => _net?.Dispose();
}
