using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Protect.Ml.Attribution.Zoo;

/// <summary>The small x2 decoders of the zoo, one per classic upsampling layer (each leaves its own artifact).</summary>
public static class Upsamplers
{
    /// <summary>Transposed convolution, kernel 4 stride 2 (the classic checkerboard maker).</summary>
    public static Module<Tensor, Tensor> TransposedConv4(int c) => Sequential(
        Conv2d(3, c, 3, padding: 1), ReLU(),
        ConvTranspose2d(c, c, 4, stride: 2, padding: 1), ReLU(),
        Conv2d(c, 3, 3, padding: 1));

    /// <summary>Transposed convolution, kernel 3 stride 2 (uneven overlap: a different checkerboard).</summary>
    public static Module<Tensor, Tensor> TransposedConv3(int c) => Sequential(
        Conv2d(3, c, 3, padding: 1), ReLU(),
        ConvTranspose2d(c, c, 3, stride: 2, padding: 1, output_padding: 1), ReLU(),
        Conv2d(c, 3, 3, padding: 1));

    /// <summary>Sub-pixel convolution (pixel shuffle).</summary>
    public static Module<Tensor, Tensor> PixelShuffle(int c) => Sequential(
        Conv2d(3, c, 3, padding: 1), ReLU(),
        Conv2d(c, 4 * c, 3, padding: 1), nn.PixelShuffle(2), ReLU(),
        Conv2d(c, 3, 3, padding: 1));

    /// <summary>Fixed interpolation (nearest, bilinear or bicubic) followed by convolutions.</summary>
    public static Module<Tensor, Tensor> InterpolateConv(int c, UpsampleMode mode) => Sequential(
        Conv2d(3, c, 3, padding: 1), ReLU(),
        Upsample(scale_factor: [2.0, 2.0], mode: mode, align_corners: mode == UpsampleMode.Nearest ? null : false), Conv2d(c, c, 3, padding: 1), ReLU(),
        Conv2d(c, 3, 3, padding: 1));
}
