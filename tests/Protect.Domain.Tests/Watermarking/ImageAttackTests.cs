using Protect.Domain.Imaging.Attacks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Tests.Watermarking;

/// <summary>A few attacks of the benchmark suite: reproducible for a seed, the sizes they promise, the input untouched.</summary>
public class ImageAttackTests
{
    [Theory]
    [InlineData("crop-50")]
    [InlineData("noise-10")]
    [InlineData("logo-20")]
    public void Seeded_attacks_are_deterministic_and_depend_on_the_seed(string name)
    {
        var attack = ImageAttacks.Get(name);
        using var image = Images.Kodak(5);
        using var before = image.Clone();

        using var a = attack.Apply(image, 7);
        using var b = attack.Apply(image, 7);
        using var c = attack.Apply(image, 8);

        Assert.True(attack.Random);
        Assert.True(SamePixels(a, b), "same seed, different image");
        Assert.False(SamePixels(a, c), "another seed gave the same image");
        Assert.True(SamePixels(image, before), "the attack changed its input");
    }

    [Theory]
    [InlineData("none", 768, 512)]
    [InlineData("jpeg-50", 768, 512)]
    [InlineData("resize-50", 384, 256)]
    [InlineData("resize-150", 1152, 768)]
    [InlineData("crop-25", 384, 256)]
    [InlineData("rotate-90", 512, 768)]
    [InlineData("stretch-w-120", 922, 512)]
    public void Attacks_give_the_expected_size(string name, int width, int height)
    {
        using var image = Images.Kodak(5);

        using var attacked = ImageAttacks.Get(name).Apply(image, 1);

        Assert.Equal((width, height), (attacked.Width, attacked.Height));
    }

    [Fact]
    public void Rotate_and_crop_leaves_no_border_and_keeps_the_aspect()
    {
        using var image = new Image<Rgba32>(768, 512, new Rgba32(200, 150, 100));

        using var rotated = Transforms.RotateAndCrop(image, 5);

        Assert.InRange(rotated.Width / (double)rotated.Height, 1.45, 1.55);
        Assert.InRange(rotated.Width, 600, 767);
        for (var x = 0; x < rotated.Width; x += 7)
        {
            AssertNear(rotated[x, 0]);
            AssertNear(rotated[x, rotated.Height - 1]);
        }
    }

    /// <summary>The flat colour up to resampling rounding; a transparent or black corner would be far off.</summary>
    private static void AssertNear(Rgba32 p)
    {
        Assert.InRange(p.R, 198, 202);
        Assert.InRange(p.G, 148, 152);
        Assert.InRange(p.B, 98, 102);
        Assert.InRange(p.A, 253, 255);
    }

    [Fact]
    public void Unknown_attack_names_are_rejected() =>
        Assert.Throws<ArgumentException>(() => ImageAttacks.Get("no-such-attack"));

    private static bool SamePixels(Image<Rgba32> a, Image<Rgba32> b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
            return false;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (a[x, y] != b[x, y])
                    return false;
            }
        }
        return true;
    }
}
