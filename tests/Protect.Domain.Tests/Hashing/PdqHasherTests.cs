using Protect.Domain.Imaging.Attacks;
using Protect.Domain.Imaging.Hashing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Domain.Tests.Hashing;

public sealed class PdqHasherTests
{
    private static Image<Rgba32> Kodak(int number) => Image.Load<Rgba32>(TestData.Path("images", "kodak", $"kodim{number:00}.png"));

    [Fact]
    public void A_photo_hashes_to_128_set_bits_with_a_high_quality()
    {
        using var image = Kodak(5);
        var result = PdqHasher.Compute(image);
        Assert.Equal(128, result.Hash.PopCount);
        Assert.InRange(result.Quality, 50, 100);
        Assert.Equal(result, PdqHasher.Compute(image));
    }

    [Fact]
    public void The_first_dihedral_variant_is_the_plain_hash()
    {
        using var image = Kodak(3);
        var variants = PdqHasher.ComputeDihedral(image, out var quality);
        Assert.Equal(8, variants.Length);
        Assert.Equal(PdqHasher.Compute(image), new HashResult(variants[0], quality));
        Assert.Equal(8, variants.Distinct().Count());
    }

    public static TheoryData<int, int> DihedralCases()
    {
        var data = new TheoryData<int, int>();
        foreach (var image in new[] { 1, 4, 23 })
        {
            for (var variant = 1; variant < 8; variant++) data.Add(image, variant);
        }
        return data;
    }

    /// <summary>Variant i must be (close to) the hash of the image actually transformed that way.</summary>
    [Theory]
    [MemberData(nameof(DihedralCases))]
    public void Each_dihedral_variant_matches_the_hash_of_the_transformed_image(int kodak, int variant)
    {
        using var image = Kodak(kodak);
        var variants = PdqHasher.ComputeDihedral(image);
        using var transformed = image.Clone(c => Transform(c, variant));
        var actual = PdqHasher.Compute(transformed).Hash;
        var distance = actual.DistanceTo(variants[variant]);
        Assert.True(distance <= 4, $"{PdqHasher.DihedralNames[variant]}: distance {distance}");
        Assert.True(actual.DistanceTo(variants[0]) > 40, "the transformed image must not look like the original");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(19)]
    public void Jpeg_50_and_half_size_copies_stay_well_within_the_match_distance(int kodak)
    {
        using var image = Kodak(kodak);
        var original = PdqHasher.Compute(image).Hash;
        using var jpeg = Transforms.Jpeg(image, 50);
        using var half = Transforms.Resize(image, 0.5);
        Assert.InRange(PdqHasher.Compute(jpeg).Hash.DistanceTo(original), 0, 16);
        Assert.InRange(PdqHasher.Compute(half).Hash.DistanceTo(original), 0, 16);
    }

    [Fact]
    public void Distinct_photos_are_far_apart_under_every_dihedral_variant()
    {
        var hashes = Enumerable.Range(1, 24).Select(n => { using var i = Kodak(n); return PdqHasher.ComputeDihedral(i); }).ToList();
        for (var a = 0; a < hashes.Count; a++)
        {
            for (var b = a + 1; b < hashes.Count; b++)
            {
                var best = hashes[a].Min(v => v.DistanceTo(hashes[b][0]));
                Assert.True(best > 2 * HashCatalog.MatchDistance, $"kodim{a + 1:00} vs kodim{b + 1:00}: {best}");
            }
        }
    }

    [Fact]
    public void A_luma_plane_hashes_like_the_grey_image_it_came_from()
    {
        using var image = Kodak(7);
        image.Mutate(c => c.Grayscale());
        var plane = new byte[(image.Width + 3) * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++) plane[(y * (image.Width + 3)) + x] = image[x, y].R;
        }
        var fromImage = PdqHasher.Compute(image);
        var fromLuma = PdqHasher.ComputeFromLuma(plane, image.Width, image.Height, image.Width + 3);
        Assert.InRange(fromLuma.Hash.DistanceTo(fromImage.Hash), 0, 4);
        Assert.InRange(Math.Abs(fromLuma.Quality - fromImage.Quality), 0, 2);
    }

    [Fact]
    public void A_large_copy_matches_its_small_original()
    {
        using var image = Kodak(13);
        using var large = Transforms.Resize(image, 3.2); // 2458 x 1638
        Assert.InRange(PdqHasher.Compute(large).Hash.DistanceTo(PdqHasher.Compute(image).Hash), 0, 12);
    }

    [Fact]
    public void Tiny_and_flat_images_have_quality_zero()
    {
        using var tiny = new Image<Rgba32>(4, 4, new Rgba32(200, 10, 10));
        Assert.Equal(new HashResult(default, 0), PdqHasher.Compute(tiny));
        Assert.All(PdqHasher.ComputeDihedral(tiny), h => Assert.Equal(default, h));
        using var flat = new Image<Rgba32>(300, 200, new Rgba32(90, 90, 90));
        Assert.Equal(0, PdqHasher.Compute(flat).Quality);
    }

    private static void Transform(IImageProcessingContext c, int variant)
    {
        switch (variant)
        {
            case 1: c.Rotate(RotateMode.Rotate90); break;
            case 2: c.Rotate(RotateMode.Rotate180); break;
            case 3: c.Rotate(RotateMode.Rotate270); break;
            case 4: c.Flip(FlipMode.Horizontal); break;
            case 5: c.Flip(FlipMode.Vertical); break;
            case 6: c.Rotate(RotateMode.Rotate90).Flip(FlipMode.Horizontal); break;
            default: c.Rotate(RotateMode.Rotate270).Flip(FlipMode.Horizontal); break;
        }
    }
}
