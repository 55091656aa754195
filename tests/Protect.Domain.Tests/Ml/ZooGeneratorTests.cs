using Protect.Ml.Attribution.Zoo;
using Protect.Ml.Torch;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Tests.Ml;

/// <summary>
/// Regression test for the zoo's NaN generators: every generator is trained as the benchmark trains it and must
/// produce finite images (Generate throws on NaN). Before oneDNN was limited to SSE4.1 (see TorchRuntime) most of
/// the neural generators failed here, at random, on this machine's CPU.
/// </summary>
public sealed class ZooGeneratorTests
{
    [Fact]
    public void Zoo_generators_train_and_generate_finite_images()
    {
        GlibcMalloc.Tune();
        TorchRuntime.EnsureLoaded();
        using var content = ZooContent.Load(Path.GetDirectoryName(Path.GetDirectoryName(TestData.Path("images", "kodak", "kodim01.png")))!);
        using var zoo = GeneratorZoo.Standard();
        zoo.Prepare(content.Train, 30);
        var failures = new List<string>();
        foreach (var entry in zoo.Entries)
        {
            foreach (var source in GeneratorZoo.Crops(content.Train, 3, 192, 7))
            {
                try
                {
                    using var image = entry.Generator.Generate(source, 1);
                }
                catch (InvalidOperationException e)
                {
                    failures.Add($"{entry.Generator.Name}: {e.Message}");
                }
                finally
                {
                    source.Dispose();
                }
            }
        }
        Assert.Empty(failures);
    }
}
