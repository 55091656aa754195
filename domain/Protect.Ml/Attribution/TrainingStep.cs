using TorchSharp;
using static TorchSharp.torch;

namespace Protect.Ml.Attribution;

/// <summary>
/// One optimizer step without a dispose scope. The NaN once blamed on a scope here came from oneDNN's AVX2/AVX-512
/// convolution kernels on this CPU (fixed in TorchRuntime by capping oneDNN at SSE4.1); bringing the scope back is
/// untested, so the step's temporaries are still left to the finalizer; the loss is disposed here.
/// </summary>
public static class TrainingStep
{
    public static float Run(optim.Optimizer optimizer, Func<Tensor> computeLoss)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(computeLoss);
        optimizer.zero_grad();
        using var loss = computeLoss();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}
