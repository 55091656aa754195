using Protect.Ml.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Protect.Domain.Tests.Ml;

/// <summary>TorchSharp loads on this Debian 12 machine through the project's own fix, and really computes.</summary>
public sealed class TorchRuntimeTests
{
    private static string ShippedLibrary => Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");

    [Fact]
    public void The_shipped_library_needs_the_missing_glibcxx_version_and_the_patch_makes_only_that_weak()
    {
        var original = File.ReadAllBytes(ShippedLibrary);
        var before = ElfVersionNeeds.Read(original);
        Assert.Contains(before, n => n.Version == TorchRuntime.MissingVersion && !n.IsWeak);

        var patched = (byte[])original.Clone();
        Assert.Equal(1, ElfVersionNeeds.MarkWeak(patched, TorchRuntime.MissingVersion));
        var after = ElfVersionNeeds.Read(patched);
        Assert.All(after.Where(n => n.Version == TorchRuntime.MissingVersion), n => Assert.True(n.IsWeak));
        Assert.Equal(before.Where(n => n.Version != TorchRuntime.MissingVersion).Select(n => n.Flags),
            after.Where(n => n.Version != TorchRuntime.MissingVersion).Select(n => n.Flags));
        var differing = Enumerable.Range(0, original.Length).Count(i => original[i] != patched[i]);
        Assert.Equal(1, differing); // one flag byte, nothing else
        Assert.Equal(0, ElfVersionNeeds.MarkWeak(patched, TorchRuntime.MissingVersion));
    }

    [Fact]
    public void Torch_multiplies_matrices_and_a_gradient_step_lowers_the_loss()
    {
        TorchRuntime.EnsureLoaded();
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var product = a.matmul(b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());

        manual_seed(7);
        using var x = randn(64, 3);
        using var trueWeights = tensor(new float[] { 2, -1, 0.5f }, [3, 1]);
        using var y = x.matmul(trueWeights);
        using var w = zeros(3, 1, requires_grad: true);
        var losses = new List<float>();
        for (var step = 0; step < 20; step++)
        {
            using var loss = (x.matmul(w) - y).pow(2).mean();
            losses.Add(loss.item<float>());
            loss.backward();
            using (no_grad())
            {
                w.sub_(w.grad! * 0.1f);
                w.grad!.zero_();
            }
        }
        Assert.True(losses[^1] < losses[0] * 0.2f, $"loss went from {losses[0]} to {losses[^1]}");
        Assert.Equal(DeviceType.CPU, TorchRuntime.Device.type);
    }

    [Fact]
    public void Malloc_thresholds_are_accepted_by_glibc()
    {
        Assert.True(GlibcMalloc.Tune());
    }
}
