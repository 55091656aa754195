using TorchSharp;
using static TorchSharp.torch;

namespace Protect.Ml.Attribution;

/// <summary>
/// One optimizer step. The forward pass runs inside a dispose scope (its temporaries go at once), but
/// backward and step run outside it: the optimizer allocates its moment buffers lazily in its first step, and a
/// scope around that step disposed them, after which the weights read freed memory and turned NaN.
/// </summary>
public static class TrainingStep
{
    public static float Run(optim.Optimizer optimizer, Func<Tensor> computeLoss)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(computeLoss);
        Tensor loss;
        using (NewDisposeScope())
            loss = computeLoss().MoveToOuterDisposeScope();
        using (loss)
        {
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }
    }
}
