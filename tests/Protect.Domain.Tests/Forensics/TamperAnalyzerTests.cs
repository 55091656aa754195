using Protect.Domain.Assets;
using Protect.Domain.Forensics;
using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Tests.Watermarking;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Tests.Forensics;

/// <summary>Verdicts and masks on real photos protected with both layers (one Kodak image each, as the service would).</summary>
public class TamperAnalyzerTests
{
    private static readonly ImageProtection Protection = new(new ImageWatermarkEngine());
    private static readonly Protect.Domain.Keys.WatermarkKey Key = Images.Key("forensics-tests");

    private static Image<Rgba32> Protected(int kodak)
    {
        using var input = new MemoryStream();
        using (var original = Images.Kodak(kodak))
            original.SaveAsPng(input);
        input.Position = 0;
        using var output = new MemoryStream();
        Protection.Protect(input, output, null, Key, new WatermarkId(Images.Payload(kodak)));
        output.Position = 0;
        return Image.Load<Rgba32>(output);
    }

    [Fact]
    public void An_untouched_protected_image_is_intact()
    {
        using var image = Protected(3);

        var result = Protection.Verify(image, Key);

        Assert.True(result.Copyright.Detected);
        Assert.Equal(TamperVerdict.Intact, result.Tamper.Verdict);
        Assert.Equal(TamperEvidence.Active, result.Tamper.Evidence);
        Assert.Empty(result.Tamper.Regions);
    }

    [Fact]
    public void A_pasted_patch_is_found_where_it_was_pasted()
    {
        using var image = Protected(5);
        using var donor = Images.Kodak(20);
        var edit = new Rectangle(420, 120, 150, 110); // ~4% of 768x512
        for (var y = edit.Top; y < edit.Bottom; y++)
        {
            for (var x = edit.Left; x < edit.Right; x++)
                image[x, y] = donor[x - 300, y + 200];
        }

        var result = Protection.Verify(image, Key);

        Assert.Equal(TamperVerdict.LocallyEdited, result.Tamper.Verdict);
        var region = Assert.Single(result.Tamper.Regions);
        Assert.True(new Rectangle(region.X, region.Y, region.W, region.H).IntersectsWith(edit));
        Assert.InRange(region.AreaPercent, 2.5, 7);
        Assert.Contains("integrity layer fails", result.Tamper.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recompressed_copy_is_globally_processed()
    {
        using var image = Protected(7);
        using var jpeg = Images.Jpeg(image, 80);

        var result = Protection.Verify(jpeg, Key);

        Assert.Equal(TamperVerdict.GloballyProcessed, result.Tamper.Verdict);
        Assert.Empty(result.Tamper.Regions);
    }

    [Fact]
    public void An_unprotected_image_gets_a_passive_verdict()
    {
        using var image = Images.Kodak(9);

        var result = Protection.Verify(image, Key);

        Assert.False(result.Copyright.Detected);
        Assert.Equal(TamperEvidence.Passive, result.Tamper.Evidence);
        Assert.Contains("passive clues only", result.Tamper.Explanation, StringComparison.Ordinal);
        Assert.Equal(4, result.Tamper.Clues.Count);
    }

    [Fact]
    public void The_mask_png_has_the_suspects_size()
    {
        using var image = Protected(11);
        using var small = Images.Resize(image, 0.75);

        var result = Protection.Verify(small, Key);
        using var png = new MemoryStream();
        MaskImages.WriteMask(result.Tamper.Mask, png);
        png.Position = 0;
        using var mask = Image.Load<L8>(png);

        Assert.Equal(small.Width, mask.Width);
        Assert.Equal(small.Height, mask.Height);
    }
}
