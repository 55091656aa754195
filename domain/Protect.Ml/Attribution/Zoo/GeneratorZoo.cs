using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TorchSharp;
using static TorchSharp.torch;
using static Protect.Ml.Attribution.Zoo.RecompressionPipeline;

namespace Protect.Ml.Attribution.Zoo;

public enum ZooRole
{
    /// <summary>Registered when the model is first trained.</summary>
    Base,

    /// <summary>Registered later, through an incremental update.</summary>
    Added,

    /// <summary>Never registered: must be rejected as unknown.</summary>
    Unknown,
}

public sealed record ZooEntry(ZooGenerator Generator, ZooRole Role);

/// <summary>
/// The benchmark's generator zoo: 10 base generators, 4 added later, 3 never registered. Families repeat across
/// roles on purpose (a second pixel-shuffle or HDSR net with another width and seed), because telling apart two
/// instances of one architecture is the realistic hard case for attribution.
/// </summary>
public sealed class GeneratorZoo : IDisposable
{
    private GeneratorZoo(IReadOnlyList<ZooEntry> entries) => Entries = entries;

    public IReadOnlyList<ZooEntry> Entries { get; }

    public IEnumerable<ZooGenerator> With(ZooRole role) => Entries.Where(e => e.Role == role).Select(e => e.Generator);

    public static GeneratorZoo Standard()
    {
        static ZooEntry U(string name, string family, Func<nn.Module<Tensor, Tensor>> build, int seed, ZooRole role) =>
            new(new UpsamplerGenerator(name, family, build, seed), role);
        static ZooEntry D(string name, double[] schedule, int width, int seed, ZooRole role) => new(new IterativeDenoiser(name, schedule, width, seed), role);
        static ZooEntry R(string name, ZooRole role, params Func<Image<Rgba32>, Image<Rgba32>>[] steps) => new(new RecompressionPipeline(name, steps), role);
        const string Transposed = "transposed conv decoder", Shuffle = "pixel-shuffle decoder", Interpolating = "interpolate + conv decoder", Hdsr = "HDSRNet-style x2 SR";
        var b = ZooRole.Base;
        var a = ZooRole.Added;
        var u = ZooRole.Unknown;
        return new GeneratorZoo(
        [
            U("tconv4-a", Transposed, () => Upsamplers.TransposedConv4(16), 11, b),
            U("tconv3-a", Transposed, () => Upsamplers.TransposedConv3(16), 12, b),
            U("pixelshuffle-a", Shuffle, () => Upsamplers.PixelShuffle(16), 13, b),
            U("nearest-conv-a", Interpolating, () => Upsamplers.InterpolateConv(16, UpsampleMode.Nearest), 14, b),
            U("bilinear-conv-a", Interpolating, () => Upsamplers.InterpolateConv(16, UpsampleMode.Bilinear), 15, b),
            U("hdsr-a", Hdsr, () => new HdsrNet(16), 16, b),
            D("denoise-3step", [0.2, 0.1, 0.04], 8, 17, b),
            D("denoise-5step", [0.3, 0.18, 0.1, 0.05, 0.02], 8, 18, b),
            R("jpeg70-jpeg90", b, Jpeg(70), Jpeg(90)),
            R("lanczos75-jpeg85", b, Resize(0.75, KnownResamplers.Lanczos3), Jpeg(85)),
            U("pixelshuffle-b", Shuffle, () => Upsamplers.PixelShuffle(8), 21, a),
            U("hdsr-b", Hdsr, () => new HdsrNet(8), 22, a),
            D("denoise-4step", [0.25, 0.15, 0.08, 0.03], 16, 23, a),
            R("sharpen-jpeg60-444", a, Sharpen(1f), Jpeg(60, chroma444: true)),
            U("bicubic-conv-u", Interpolating, () => Upsamplers.InterpolateConv(16, UpsampleMode.Bicubic), 31, u),
            U("tconv4-u", Transposed, () => Upsamplers.TransposedConv4(8), 32, u),
            R("bicubic90-webp75", u, Resize(0.9, KnownResamplers.Bicubic), Webp(75)),
        ]);
    }

    /// <summary>Trains every neural generator on patches of <paramref name="trainingContent"/> (never on test content).</summary>
    public void Prepare(IReadOnlyList<Image<Rgba32>> trainingContent, int steps, int seed = 5)
    {
        using var patches = ContentPatches(trainingContent, 512, 32, seed); // small patches: seconds per generator on a busy CPU
        foreach (var entry in Entries) entry.Generator.Prepare(patches, steps);
    }

    /// <summary><paramref name="count"/> random square crops of side <paramref name="size"/>, spread round-robin over the sources.</summary>
    public static List<Image<Rgba32>> Crops(IReadOnlyList<Image<Rgba32>> sources, int count, int size, int seed)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var source = sources[i % sources.Count];
            var x = rng.Next(source.Width - size + 1);
            var y = rng.Next(source.Height - size + 1);
            return source.Clone(c => c.Crop(new Rectangle(x, y, size, size)));
        }).ToList();
    }

    private static Tensor ContentPatches(IReadOnlyList<Image<Rgba32>> sources, int count, int size, int seed)
    {
        var crops = Crops(sources, count, size, seed);
        var tensors = crops.Select(ImageTensors.ToTensor).ToArray();
        try
        {
            return stack(tensors);
        }
        finally
        {
            foreach (var t in tensors) t.Dispose();
            foreach (var c in crops) c.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var entry in Entries) entry.Generator.Dispose();
    }
}
