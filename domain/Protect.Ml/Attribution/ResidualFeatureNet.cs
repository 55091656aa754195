using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Protect.Ml.Attribution;

/// <summary>
/// Generator fingerprints live in the high frequencies that content barely touches (upsampling checkerboards,
/// denoiser textures, JPEG block grids), so the network never sees pixels: a fixed high-pass (pixel minus its 3x3
/// mean) removes most of the content first. Two views of that residual are concatenated:
/// a small CNN (three stride-2 stages, global average pooling; 4 x width values) learned on the base classes, and a
/// fixed log-magnitude spectrum of the luma residual pooled to 16 x 8 bins (128 values), which needs no training and
/// therefore also describes generators the CNN never saw, which is what incremental classes rely on.
/// </summary>
public sealed class ResidualFeatureNet : Module<Tensor, Tensor>
{
    public const int SpectrumRows = 16;
    public const int SpectrumCols = 8;
    private readonly Sequential _trunk;

    public ResidualFeatureNet(int width) : base(nameof(ResidualFeatureNet))
    {
        Width = width;
        _trunk = Sequential(
            Conv2d(3, width, 3, padding: 1), BatchNorm2d(width), LeakyReLU(0.1),
            Conv2d(width, 2 * width, 3, stride: 2, padding: 1), BatchNorm2d(2 * width), LeakyReLU(0.1),
            Conv2d(2 * width, 4 * width, 3, stride: 2, padding: 1), BatchNorm2d(4 * width), LeakyReLU(0.1),
            Conv2d(4 * width, 4 * width, 3, stride: 2, padding: 1), BatchNorm2d(4 * width), LeakyReLU(0.1),
            AdaptiveAvgPool2d(1), Flatten());
        RegisterComponents();
    }

    public int Width { get; }
    public int EmbeddingSize => 4 * Width;
    public int FeatureSize => EmbeddingSize + SpectrumRows * SpectrumCols;

    /// <summary>Pixel minus its 3x3 box mean (replicated borders), scaled so typical values are near unit size.</summary>
    public static Tensor Residual(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        var padded = functional.pad(pixels, [1, 1, 1, 1], PaddingModes.Replicate);
        var mean = functional.avg_pool2d(padded, 3, 1);
        return ((pixels - mean) * 20f).MoveToOuterDisposeScope();
    }

    /// <summary>The CNN embedding [N, 4 x width] of patches [N, 3, P, P] in [0, 1].</summary>
    public Tensor Embed(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        return _trunk.forward(Residual(pixels)).MoveToOuterDisposeScope();
    }

    /// <summary>Pooled log spectrum [N, 128] of the luma residual.</summary>
    public static Tensor Spectrum(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        var residual = Residual(pixels);
        var luma = residual[.., 0] * 0.299f + residual[.., 1] * 0.587f + residual[.., 2] * 0.114f;
        var magnitude = fft.rfft2(luma).abs().add(1e-3f).log().unsqueeze(1);
        var pooled = functional.adaptive_avg_pool2d(magnitude, [SpectrumRows, SpectrumCols]);
        return pooled.flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>Embedding and spectrum side by side: the vector the class prototypes are built on.</summary>
    public override Tensor forward(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        return cat([Embed(pixels), Spectrum(pixels)], 1).MoveToOuterDisposeScope();
    }
}
