using Protect.Ml.Torch;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace Protect.Ml.Attribution;

/// <summary>
/// Image -> registered generator, or unknown. A frozen <see cref="ResidualFeatureNet"/> describes grid patches; their
/// mean (standardized) is compared with class prototypes under one shared covariance (<see cref="PrototypeBank"/>).
/// Probabilities are a softmax over -d^2/2 scaled by a temperature fitted on held-out images; the image is rejected
/// as unknown when even the nearest prototype is farther than a threshold set on the same held-out images.
/// Those held-out images are kept as features (<see cref="Memory"/>) so every update can recalibrate.
/// Not thread-safe: callers serialize Predict per instance (the network has one set of buffers).
/// </summary>
public sealed class AttributionModel : IDisposable
{
    internal AttributionModel(ResidualFeatureNet net, PrototypeBank bank, int patchSize, int patchesPerImage, Device device)
    {
        Net = net;
        Bank = bank;
        PatchSize = patchSize;
        PatchesPerImage = patchesPerImage;
        Device = device;
        Net.eval();
    }

    public IReadOnlyList<string> Classes => Bank.Classes;
    public int PatchSize { get; }
    public int PatchesPerImage { get; }

    /// <summary>Softmax temperature applied to -d^2/2.</summary>
    public double Temperature { get; internal set; } = 1;

    /// <summary>Squared distance to the nearest prototype above which an image is unknown.</summary>
    public double RejectThreshold { get; internal set; } = double.PositiveInfinity;

    internal ResidualFeatureNet Net { get; }
    internal PrototypeBank Bank { get; }
    internal Device Device { get; }
    internal List<(int Class, double[] Feature)> Memory { get; } = [];

    public AttributionPrediction Predict(Image<Rgba32> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Predict(ImageFeature(image));
    }

    /// <summary>Standardized mean feature of an image's grid patches.</summary>
    internal double[] ImageFeature(Image<Rgba32> image)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var patches = ImageTensors.GridPatches(image, PatchSize, PatchesPerImage).to(Device);
        var raw = Net.forward(patches).mean([0]).cpu().data<float>().ToArray();
        return Bank.Standardize(raw);
    }

    internal AttributionPrediction Predict(double[] feature)
    {
        var distances = Bank.SquaredDistances(feature);
        var probabilities = Softmax(distances, Temperature);
        var ranked = Classes.Select((name, i) => new ClassProbability(name, probabilities[i]))
            .OrderByDescending(p => p.Probability).ToList();
        var nearest = distances.Min();
        var unknownScore = nearest / (nearest + RejectThreshold);
        var unknown = nearest > RejectThreshold;
        return new AttributionPrediction(unknown ? null : ranked[0].Generator, unknown, unknownScore, ranked);
    }

    internal static double[] Softmax(double[] squaredDistances, double temperature)
    {
        var logits = squaredDistances.Select(d => -0.5 * d / temperature).ToArray();
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }

    /// <summary>Refits temperature (NLL over a log grid) and the rejection threshold on the held-out memory.</summary>
    internal void Calibrate(double rejectQuantile, double rejectMargin)
    {
        Bank.Refresh();
        if (Memory.Count == 0) return;
        var distances = Memory.Select(m => (m.Class, D: Bank.SquaredDistances(m.Feature))).ToList();
        var best = (T: 1.0, Nll: double.PositiveInfinity);
        for (var k = 0; k <= 240; k++)
        {
            var t = Math.Pow(10, -2 + k * 0.025); // 0.01 .. 1e4
            var nll = distances.Average(e => -Math.Log(Math.Max(Softmax(e.D, t)[e.Class], 1e-300)));
            if (nll < best.Nll) best = (t, nll);
        }
        Temperature = best.T;
        var nearest = distances.Select(e => e.D.Min()).Order().ToArray();
        var q = nearest[Math.Min(nearest.Length - 1, (int)Math.Ceiling(rejectQuantile * nearest.Length) - 1)];
        RejectThreshold = q * rejectMargin;
    }

    public void Save(Stream stream) => ModelFile.Write(this, stream);

    public static AttributionModel Load(Stream stream)
    {
        TorchRuntime.EnsureLoaded();
        return ModelFile.Read(stream, TorchRuntime.Device);
    }

    public void Dispose() => Net.Dispose();
}
