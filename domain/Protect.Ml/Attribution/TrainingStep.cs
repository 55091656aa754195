using TorchSharp;
using static TorchSharp.torch;

namespace Protect.Ml.Attribution;

/// <summary>
/// One optimizer step, deliberately without a dispose scope: with the forward pass (or the whole step) inside
/// NewDisposeScope, the zoo's nets turned NaN within 30 steps (reproduced: 0-1 steps fine, 30 NaN; without the
/// scope, fine). The step's temporaries are left to the finalizer; the loss is disposed here.
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
