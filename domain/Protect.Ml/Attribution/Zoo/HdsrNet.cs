using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Protect.Ml.Attribution.Zoo;

/// <summary>
/// A small HDSRNet-style x2 super-resolution network: a heterogeneous branch (dilated convolutions around a
/// dynamic convolution) and a symmetric branch (mirrored 3x3 / 1x1 / 3x3 stack) over a shared head, multiplied
/// element-wise, then sub-pixel (pixel shuffle) upsampling added to a bilinear upscale of the input.
/// </summary>
public sealed class HdsrNet : Module<Tensor, Tensor>
{
    private readonly Conv2d _head;
    private readonly Sequential _dilatedIn;
    private readonly DynamicConv _dynamic;
    private readonly Conv2d _dilatedOut;
    private readonly Sequential _symmetric;
    private readonly Sequential _tail;

    public HdsrNet(int c) : base(nameof(HdsrNet))
    {
        _head = Conv2d(3, c, 3, padding: 1);
        _dilatedIn = Sequential(Conv2d(c, c, 3, padding: 2, dilation: 2), ReLU());
        _dynamic = new DynamicConv(c, 4);
        _dilatedOut = Conv2d(c, c, 3, padding: 2, dilation: 2);
        _symmetric = Sequential(Conv2d(c, c, 3, padding: 1), ReLU(), Conv2d(c, c, 1), ReLU(), Conv2d(c, c, 3, padding: 1));
        _tail = Sequential(Conv2d(c, 12, 3, padding: 1), nn.PixelShuffle(2));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var h = functional.relu(_head.forward(input));
        var heterogeneous = _dilatedOut.forward(functional.relu(_dynamic.forward(_dilatedIn.forward(h))));
        var symmetric = _symmetric.forward(h);
        var fused = heterogeneous * symmetric + h;
        var up = functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bilinear, align_corners: false);
        return (_tail.forward(fused) + up).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Dynamic convolution: K parallel 3x3 kernels mixed per image by attention weights from global pooling.
    /// Convolution is linear, so mixing the K outputs equals convolving with the mixed kernel.
    /// </summary>
    private sealed class DynamicConv : Module<Tensor, Tensor>
    {
        private readonly ModuleList<Conv2d> _kernels;
        private readonly Linear _attention;

        public DynamicConv(int c, int k) : base(nameof(DynamicConv))
        {
            _kernels = new ModuleList<Conv2d>(Enumerable.Range(0, k).Select(_ => Conv2d(c, c, 3, padding: 1)).ToArray());
            _attention = Linear(c, k);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var weights = functional.softmax(_attention.forward(x.mean([2, 3])), 1); // [B, K]
            Tensor? sum = null;
            for (var i = 0; i < _kernels.Count; i++)
            {
                var term = _kernels[i].forward(x) * weights[.., i].reshape(-1, 1, 1, 1);
                sum = sum is null ? term : sum + term;
            }
            return sum!.MoveToOuterDisposeScope();
        }
    }
}
