using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Watermarking;

namespace Protect.Domain.Tests.Watermarking;

/// <summary>The acceptance criteria, on every image of the Kodak set (768x512).</summary>
public class KodakRobustnessTests
{
    private static readonly ImageWatermarkEngine Engine = new();

    public static TheoryData<int> KodakImages => new(Enumerable.Range(1, 24));

    [Theory]
    [MemberData(nameof(KodakImages))]
    public void Mark_is_invisible_survives_jpeg_and_resize_and_the_original_reads_unmarked(int number)
    {
        var key = Images.Key("kodak");
        var payload = Images.Payload(number);
        using var original = Images.Kodak(number);
        using var marked = original.Clone();

        var report = Engine.Embed(marked, key, payload);

        var psnr = ImageQuality.Psnr(original, marked);
        Assert.True(psnr >= 40, $"PSNR {psnr:F2} dB");
        Assert.True(report.PsnrDb <= psnr + 1e-9, $"reported {report.PsnrDb:F2} dB is not a lower bound of {psnr:F2} dB");

        AssertDecodes(marked, payload, "clean");
        using (var jpeg = Images.Jpeg(marked, 75))
            AssertDecodes(jpeg, payload, "JPEG 75");
        using (var half = Images.Resize(marked, 0.5))
            AssertDecodes(half, payload, "50% resize");

        var unmarked = Engine.Detect(original, key);
        Assert.False(unmarked.Detected);
        Assert.Null(unmarked.Payload);
        Assert.Equal(1.0, unmarked.FalseMatchProbability);
        Assert.Equal(0, unmarked.Confidence);
    }

    private static void AssertDecodes(SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32> image, ulong payload, string what)
    {
        var result = Engine.Detect(image, Images.Key("kodak"));
        Assert.True(result.Detected, $"{what}: not detected");
        Assert.Equal(payload, result.Payload);
        Assert.InRange(result.Confidence, 0.5, 1);
        Assert.InRange(result.FalseMatchProbability, 0, 1e-9);
        Assert.InRange(result.BitErrors, 0, 306);
    }
}
