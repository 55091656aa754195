using Protect.Domain.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Tests.Watermarking;

public class ImageQualityTests
{
    [Fact]
    public void Identical_images_have_capped_psnr_and_ssim_one()
    {
        using var image = Images.Kodak(1);
        using var copy = image.Clone();

        Assert.Equal(ImageQuality.MaxPsnrDb, ImageQuality.Psnr(image, copy));
        Assert.Equal(1.0, ImageQuality.Ssim(image, copy), 6);
    }

    [Fact]
    public void Psnr_of_a_known_error_is_exact_and_ignores_alpha()
    {
        using var a = new Image<Rgba32>(40, 30, new Rgba32(100, 100, 100, 255));
        using var b = new Image<Rgba32>(40, 30, new Rgba32(101, 99, 101, 0)); // every channel off by one

        Assert.Equal(10 * Math.Log10(255.0 * 255.0), ImageQuality.Psnr(a, b), 9);
    }

    [Fact]
    public void Noise_lowers_both_and_more_noise_lowers_them_more()
    {
        using var image = Images.Kodak(4);
        using var light = AddNoise(image, 3, 1);
        using var heavy = AddNoise(image, 20, 2);

        var (psnrLight, psnrHeavy) = (ImageQuality.Psnr(image, light), ImageQuality.Psnr(image, heavy));
        var (ssimLight, ssimHeavy) = (ImageQuality.Ssim(image, light), ImageQuality.Ssim(image, heavy));

        Assert.InRange(psnrLight, 35, 60);
        Assert.True(psnrHeavy < psnrLight - 10);
        Assert.InRange(ssimLight, 0.5, 0.9999);
        Assert.True(ssimHeavy < ssimLight);
    }

    [Fact]
    public void Images_of_different_sizes_are_refused()
    {
        using var a = new Image<Rgba32>(10, 10);
        using var b = new Image<Rgba32>(10, 11);

        Assert.Throws<ArgumentException>(() => ImageQuality.Psnr(a, b));
        Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(a, b));
    }

    [Fact]
    public void Images_smaller_than_a_window_still_have_an_ssim()
    {
        using var a = new Image<Rgba32>(5, 3, new Rgba32(10, 20, 30, 255));
        using var b = a.Clone();

        Assert.Equal(1.0, ImageQuality.Ssim(a, b), 6);
    }

    private static Image<Rgba32> AddNoise(Image<Rgba32> image, int amplitude, int seed)
    {
        var noisy = image.Clone();
        var random = new Random(seed);
        for (var y = 0; y < noisy.Height; y++)
        {
            for (var x = 0; x < noisy.Width; x++)
            {
                var p = noisy[x, y];
                var n = random.Next(-amplitude, amplitude + 1);
                noisy[x, y] = new Rgba32((byte)Math.Clamp(p.R + n, 0, 255), (byte)Math.Clamp(p.G + n, 0, 255), (byte)Math.Clamp(p.B + n, 0, 255), p.A);
            }
        }
        return noisy;
    }
}
