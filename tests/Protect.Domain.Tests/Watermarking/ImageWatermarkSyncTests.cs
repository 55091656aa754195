using Protect.Domain.Imaging.Attacks;
using Protect.Domain.Imaging.Watermarking;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Domain.Tests.Watermarking;

/// <summary>
/// Resynchronization of the production engine: one setting per geometric attack class, on Kodak images the
/// benchmark reads, plus the keyed check holding on the resynchronization path (wrong key, unmarked crop).
/// </summary>
public class ImageWatermarkSyncTests
{
    private static readonly ImageWatermarkEngine Engine = new();
    private static readonly ulong Payload = Images.Payload(7);

    [Theory]
    [InlineData(RotateMode.Rotate90, 90)]
    [InlineData(RotateMode.Rotate180, 180)]
    [InlineData(RotateMode.Rotate270, -90)]
    public void Quarter_turns_are_undone_and_reported(RotateMode mode, double degrees)
    {
        using var marked = Marked(3);
        using var turned = marked.Clone(c => c.Rotate(mode));

        var result = Engine.Detect(turned, Images.Key("sync"));

        Assert.True(result.Detected, mode.ToString());
        Assert.Equal(Payload, result.Payload);
        Assert.NotNull(result.Geometry);
        Assert.Equal(degrees, result.Geometry!.RotationDegrees, 1);
        Assert.False(result.Geometry.Flipped);
    }

    [Fact]
    public void A_horizontal_flip_is_undone_and_reported()
    {
        using var marked = Marked(4);
        using var flipped = marked.Clone(c => c.Flip(FlipMode.Horizontal));

        var result = Engine.Detect(flipped, Images.Key("sync"));

        Assert.Equal(Payload, result.Payload);
        Assert.True(result.Geometry is { Flipped: true });
        Assert.Equal(0, result.Geometry!.RotationDegrees, 1);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void A_crop_keeping_half_the_area_is_resynchronized(int image)
    {
        using var marked = Marked(image);
        using var cropped = Transforms.CropArea(marked, 0.5, seed: 1);

        var result = Engine.Detect(cropped, Images.Key("sync"));

        Assert.Equal(Payload, result.Payload);
        Assert.True(result.Geometry is { Description: "cropped" }, result.Geometry?.Description);
        Assert.InRange(result.FalseMatchProbability, 0, 1e-9);
    }

    [Fact]
    public void A_small_rotation_with_the_borders_cropped_is_undone_and_measured()
    {
        using var marked = Marked(3);
        using var rotated = Transforms.RotateAndCrop(marked, 5);

        var result = Engine.Detect(rotated, Images.Key("sync"));

        Assert.Equal(Payload, result.Payload);
        Assert.NotNull(result.Geometry);
        Assert.Equal(5, result.Geometry!.RotationDegrees, 0.3);
    }

    [Fact]
    public void A_screenshot_is_resynchronized()
    {
        using var marked = Marked(3);
        using var shot = Transforms.Screenshot(marked, seed: 1);

        Assert.Equal(Payload, Engine.Detect(shot, Images.Key("sync")).Payload);
    }

    [Fact]
    public void The_resynchronization_path_never_reads_a_wrong_key_or_an_unmarked_crop()
    {
        using var marked = Marked(3);
        using var cropped = Transforms.CropArea(marked, 0.5, seed: 1);
        using var original = Images.Kodak(3);
        using var unmarked = Transforms.CropArea(original, 0.5, seed: 1);
        var wrongKeys = Enumerable.Range(0, 20).Select(i => Images.Key($"wrong-{i}")).ToArray();

        Assert.All(Engine.DetectWithKeys(cropped, wrongKeys), r => Assert.False(r.Detected));
        Assert.All(Engine.DetectWithKeys(unmarked, [Images.Key("sync"), .. wrongKeys]), r => Assert.False(r.Detected));
        // Key-independent work is shared, not the answer: the right key among wrong ones still reads.
        var mixed = Engine.DetectWithKeys(cropped, [wrongKeys[0], Images.Key("sync")]);
        Assert.False(mixed[0].Detected);
        Assert.Equal(Payload, mixed[1].Payload);
    }

    private static Image<Rgba32> Marked(int number)
    {
        var image = Images.Kodak(number);
        Engine.Embed(image, Images.Key("sync"), Payload);
        return image;
    }
}
