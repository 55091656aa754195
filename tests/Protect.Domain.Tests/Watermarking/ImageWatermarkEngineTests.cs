using System.Diagnostics;
using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Watermarking;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Domain.Tests.Watermarking;

public class ImageWatermarkEngineTests
{
    private static readonly ImageWatermarkEngine Engine = new();

    [Fact]
    public void A_wrong_key_reads_not_detected()
    {
        using var image = Images.Kodak(8);
        Engine.Embed(image, Images.Key("right"), 42);

        var result = Engine.Detect(image, Images.Key("wrong"));

        Assert.False(result.Detected);
        Assert.Null(result.Payload);
        Assert.Equal(1.0, result.FalseMatchProbability);
        Assert.Equal(0, result.Confidence);
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(300, 100)]
    [InlineData(1000, 257)]
    [InlineData(1920, 1080)]
    public void Any_size_round_trips(int width, int height)
    {
        using var source = Images.Kodak(23);
        using var image = source.Clone(c => c.Resize(width, height));
        using var original = image.Clone();

        var report = Engine.Embed(image, Images.Key("sizes"), 0xFEEDFACECAFEBEEF);
        var result = Engine.Detect(image, Images.Key("sizes"));

        Assert.Equal(0xFEEDFACECAFEBEEFUL, result.Payload);
        Assert.True(ImageQuality.Psnr(original, image) >= 41, $"PSNR {ImageQuality.Psnr(original, image):F2}");
        Assert.True(report.GridSize <= Math.Min(width, height));
    }

    /// <summary>
    /// 306 coded bits in 4096 pixels at ~42 dB is close to what spread spectrum can carry: very busy thumbnails
    /// may not fit, so this guards the rate on real content rather than one picked image.
    /// </summary>
    [Fact]
    public void Most_64x64_thumbnails_round_trip()
    {
        var key = Images.Key("thumbnails");
        var decoded = 0;
        for (var number = 1; number <= 24; number++)
        {
            using var source = Images.Kodak(number);
            using var thumbnail = source.Clone(c => c.Resize(64, 64));
            Engine.Embed(thumbnail, key, Images.Payload(number));
            var result = Engine.Detect(thumbnail, key);
            Assert.True(!result.Detected || result.Payload == Images.Payload(number), "wrong payload");
            decoded += result.Detected ? 1 : 0;
        }
        Assert.True(decoded >= 18, $"only {decoded} of 24 thumbnails decoded");
    }

    [Fact]
    public void Alpha_is_untouched()
    {
        using var image = Images.Kodak(3);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (ref var p in rows.GetRowSpan(y))
                    p.A = (byte)(y % 256);
            }
        });
        using var original = image.Clone();

        Engine.Embed(image, Images.Key("alpha"), 7);

        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
                Assert.Equal(original[x, y].A, image[x, y].A);
        }
        Assert.True(ImageQuality.Psnr(original, image) < 60, "RGB should have changed");
        Assert.Equal(7UL, Engine.Detect(image, Images.Key("alpha")).Payload);
    }

    [Fact]
    public void Strength_is_capped_by_the_psnr_floor()
    {
        var engine = new ImageWatermarkEngine(new WatermarkEngineOptions { Strength = 4 });
        using var image = Images.Kodak(5);
        using var original = image.Clone();

        var report = engine.Embed(image, Images.Key("strong"), 1);

        Assert.InRange(report.Strength, 1, 4);
        Assert.True(ImageQuality.Psnr(original, image) >= 41);
        Assert.True(report.PsnrDb >= 41);
    }

    [Fact]
    public void Too_small_images_are_refused_to_embed_and_read_not_detected()
    {
        using var image = new Image<Rgba32>(63, 200, new Rgba32(120, 130, 140, 255));

        Assert.Throws<ArgumentException>(() => Engine.Embed(image, Images.Key("small"), 1));
        Assert.False(Engine.Detect(image, Images.Key("small")).Detected);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageWatermarkEngine(new WatermarkEngineOptions { Strength = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ImageWatermarkEngine(new WatermarkEngineOptions { TargetPsnrDb = 40, MinPsnrDb = 45 }));
    }

    [Fact]
    public void Embedding_1080p_takes_well_under_a_few_seconds()
    {
        using var source = Images.Kodak(1);
        using var image = source.Clone(c => c.Resize(1920, 1080));
        Engine.Embed(image.Clone(), Images.Key("warm-up"), 1);

        var watch = Stopwatch.StartNew();
        Engine.Embed(image, Images.Key("timing"), 2);
        var embed = watch.Elapsed;
        watch.Restart();
        var result = Engine.Detect(image, Images.Key("timing"));

        Assert.Equal(2UL, result.Payload);
        // A loose bound that only catches an accidental blow-up; typical is ~0.1 s on two cores.
        Assert.True(embed < TimeSpan.FromSeconds(3), $"embed took {embed.TotalMilliseconds:F0} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"detect took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }
}
