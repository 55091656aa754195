using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Hashing;

/// <summary>A hash and PDQ's 0-100 quality: below ~50 the image is too featureless for its hash to be trusted.</summary>
public sealed record HashResult(PerceptualHash Hash, int Quality);

/// <summary>
/// A PDQ-style 256-bit perceptual hash after Meta's PDQ (facebook/ThreatExchange, pdq/): luma, tent-filter
/// downsample to 64x64, 16x16 low-frequency DCT block, one bit per coefficient above the median. Near-duplicates
/// (recompressed, rescaled, lightly edited) land within Hamming distance 31 of each other; unrelated images near 128.
/// Our own code: hashes are close to, not bit-identical with, the reference implementation's.
/// </summary>
public static class PdqHasher
{
    /// <summary>Below this many pixels on either side there is nothing to hash (the reference's limit too).</summary>
    public const int MinSide = 5;

    /// <summary>
    /// Variant order of <see cref="ComputeDihedral(Image{Rgba32})"/>: element i is the hash the image would have after
    /// this operation (clockwise rotations, as ImageSharp's RotateMode).
    /// </summary>
    public static IReadOnlyList<string> DihedralNames { get; } =
        ["identity", "rotate-90", "rotate-180", "rotate-270", "flip-horizontal", "flip-vertical", "transpose", "anti-transpose"];

    public static HashResult Compute(Image<Rgba32> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Span<float> coefficients = stackalloc float[PdqTransform.Block * PdqTransform.Block];
        var quality = Coefficients(image, coefficients);
        return quality < 0 ? new HashResult(default, 0) : new HashResult(PdqTransform.Quantize(coefficients), quality);
    }

    /// <summary>The 8 dihedral hashes (identity first, order of <see cref="DihedralNames"/>) from one DCT.</summary>
    public static PerceptualHash[] ComputeDihedral(Image<Rgba32> image) => ComputeDihedral(image, out _);

    public static PerceptualHash[] ComputeDihedral(Image<Rgba32> image, out int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        Span<float> coefficients = stackalloc float[PdqTransform.Block * PdqTransform.Block];
        quality = Coefficients(image, coefficients);
        return Variants(coefficients, ref quality);
    }

    /// <summary>Hash of an 8-bit luma plane, e.g. the Y plane of a decoded video frame (no RGB round trip).</summary>
    public static HashResult ComputeFromLuma(ReadOnlySpan<byte> luma, int width, int height, int stride)
    {
        Span<float> coefficients = stackalloc float[PdqTransform.Block * PdqTransform.Block];
        var quality = LumaCoefficients(luma, width, height, stride, coefficients);
        return quality < 0 ? new HashResult(default, 0) : new HashResult(PdqTransform.Quantize(coefficients), quality);
    }

    public static PerceptualHash[] ComputeDihedralFromLuma(ReadOnlySpan<byte> luma, int width, int height, int stride, out int quality)
    {
        Span<float> coefficients = stackalloc float[PdqTransform.Block * PdqTransform.Block];
        quality = LumaCoefficients(luma, width, height, stride, coefficients);
        return Variants(coefficients, ref quality);
    }

    /// <summary>Fills the DCT block and returns the quality, or -1 for an image too small to hash.</summary>
    private static int Coefficients(Image<Rgba32> image, Span<float> coefficients)
    {
        if (image.Width < MinSide || image.Height < MinSide) return -1;
        Span<float> image64 = stackalloc float[PdqDownsampler.Size * PdqDownsampler.Size];
        PdqDownsampler.FromImage(image, image64);
        PdqTransform.Dct(image64, coefficients);
        return PdqTransform.Quality(image64);
    }

    private static int LumaCoefficients(ReadOnlySpan<byte> luma, int width, int height, int stride, Span<float> coefficients)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width);
        if (height > 0 && luma.Length < ((long)(height - 1) * stride) + width)
            throw new ArgumentException("The luma plane is smaller than height x stride.", nameof(luma));
        if (width < MinSide || height < MinSide) return -1;
        Span<float> image64 = stackalloc float[PdqDownsampler.Size * PdqDownsampler.Size];
        PdqDownsampler.FromLuma(luma, width, height, stride, image64);
        PdqTransform.Dct(image64, coefficients);
        return PdqTransform.Quality(image64);
    }

    private static PerceptualHash[] Variants(ReadOnlySpan<float> coefficients, ref int quality)
    {
        var hashes = new PerceptualHash[PdqTransform.DihedralCount];
        if (quality < 0)
        {
            quality = 0;
            return hashes;
        }
        Span<float> variant = stackalloc float[PdqTransform.Block * PdqTransform.Block];
        for (var i = 0; i < hashes.Length; i++)
        {
            PdqTransform.ApplyDihedral(coefficients, i, variant);
            hashes[i] = PdqTransform.Quantize(variant);
        }
        return hashes;
    }
}
