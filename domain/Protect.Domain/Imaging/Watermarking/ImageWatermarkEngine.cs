using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// Training-free keyed invisible watermark. The 64-bit payload plus a 32-bit keyed check is convolutionally
/// encoded (rate 1/3), spread with keyed ±1 chips over a fixed luminance grid, shaped by a texture mask and
/// added to R, G and B. Detection high-passes the same grid, despreads and runs soft Viterbi; only a decode that
/// passes the keyed check is reported, so a wrong payload is never returned (bar a 2^-32 chance per grid tried).
/// Robust to JPEG and rescaling, not to cropping or rotation.
/// </summary>
public sealed class ImageWatermarkEngine
{
    /// <summary>Smallest width and height that can carry the payload (one cell per pixel on the smallest grid).</summary>
    public const int MinimumSide = 64;

    private const string CheckPurpose = "protect/image-watermark/v1/check";

    /// <summary>Grid sizes, finest first; the detector tries each one that fits, since a resize changes which the embedder would pick.</summary>
    private static readonly int[] GridSizes = [256, 128, 64];

    private static readonly int CodedBits = ConvolutionalCode.CodedLength(PayloadCodec.InfoBits);

    private readonly WatermarkEngineOptions _options;

    public ImageWatermarkEngine(WatermarkEngineOptions? options = null)
    {
        _options = options ?? new WatermarkEngineOptions();
        _options.Validate();
    }

    public EmbedReport Embed(Image<Rgba32> image, WatermarkKey key, ulong payload)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(key);
        if (image.Width < MinimumSide || image.Height < MinimumSide)
            throw new ArgumentException($"Images smaller than {MinimumSide}x{MinimumSide} cannot carry a watermark.", nameof(image));

        var gridSize = GridSizeFor(image.Width, image.Height);
        var coded = ConvolutionalCode.Encode(PayloadCodec.ToBits(payload, key.Derive(CheckPurpose)));
        var layout = KeyedLayout.Create(key, gridSize, coded.Length);

        var luma = LumaGrid.Sample(image, gridSize);
        var pattern = GridFilters.PerceptualMask(luma, gridSize);
        var gains = PlanGains(luma, pattern, coded, layout, image.Width, image.Height);
        layout.Modulate(coded, gains, pattern); // mask × chip × ±1 × gain, per cell

        var (scale, psnr, effective) = Calibrate(pattern, gridSize, image.Width, image.Height);
        PatternRenderer.Apply(image, pattern, gridSize, scale);
        return new EmbedReport(effective, psnr, gridSize, coded.Length);
    }

    public DetectionResult Detect(Image<Rgba32> image, WatermarkKey key)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(key);
        var side = Math.Min(image.Width, image.Height);
        var candidates = GridSizes.Where(g => g <= side).ToArray();
        if (candidates.Length == 0)
            return DetectionResult.NotDetected;

        var checkKey = key.Derive(CheckPurpose);
        var luma = LumaGrid.Sample(image, candidates[0]);
        for (var i = 0; i < candidates.Length; i++)
        {
            if (i > 0)
                luma = LumaGrid.Halve(luma, candidates[i - 1]);
            var layout = KeyedLayout.Create(key, candidates[i], CodedBits);
            var weights = MarkEstimator.Weights(luma, candidates[i]);
            var soft = MarkEstimator.Read(luma, candidates[i], weights, layout);
            var info = ConvolutionalCode.Decode(soft, PayloadCodec.InfoBits);
            if (PayloadCodec.TryReadBits(info, checkKey, out var payload))
            {
                var (confidence, errors) = MarkEstimator.Agreement(soft, ConvolutionalCode.Encode(info));
                return new DetectionResult(true, payload, confidence, (i + 1) * PayloadCodec.FalseMatchProbability, errors);
            }
        }
        return DetectionResult.NotDetected;
    }

    /// <summary>
    /// Per-coded-bit gains from the detector's predicted reading of the host and of the mark (at the amplitude the
    /// strength and the PSNR floor allow), see <see cref="InformedEmbedding"/>.
    /// </summary>
    private float[] PlanGains(float[] luma, float[] mask, byte[] coded, KeyedLayout layout, int width, int height)
    {
        var gridSize = layout.GridSize;
        var unit = (float[])mask.Clone();
        layout.Modulate(coded, [], unit);
        var strength = Math.Min(_options.Strength, Math.Pow(10, (_options.TargetPsnrDb - _options.MinPsnrDb) / 20));
        var scale = (float)(BaseScale(unit, gridSize, width, height) * strength);
        var weights = MarkEstimator.Weights(luma, gridSize);
        var host = MarkEstimator.Read(luma, gridSize, weights, layout);
        var drawn = GridFilters.Separable3(unit, gridSize,
            PatternRenderer.SampledKernel(width, gridSize), PatternRenderer.SampledKernel(height, gridSize));
        var response = MarkEstimator.Read(drawn, gridSize, weights, layout);
        for (var k = 0; k < coded.Length; k++)
        {
            var sign = coded[k] == 1 ? 1f : -1f;
            host[k] *= sign;
            response[k] *= sign * scale;
        }
        return InformedEmbedding.Gains(host, response);
    }

    /// <summary>The finest grid with cells of at least two pixels, so a 50% downscale still leaves a pixel per cell.</summary>
    internal static int GridSizeFor(int width, int height)
    {
        var side = Math.Min(width, height);
        foreach (var g in GridSizes)
        {
            if (2 * g <= side)
                return g;
        }
        return GridSizes[^1];
    }

    /// <summary>
    /// Scale that gives the target PSNR at strength 1, then lowered until the exact (rounded) change respects the
    /// PSNR floor. Returns the scale, the resulting PSNR and the effective strength.
    /// </summary>
    private (float Scale, double PsnrDb, double Strength) Calibrate(float[] pattern, int gridSize, int width, int height)
    {
        var baseScale = BaseScale(pattern, gridSize, width, height);
        var scale = baseScale * _options.Strength;
        var maxMse = MseForPsnr(_options.MinPsnrDb);
        var mse = PatternRenderer.MeanSquare(pattern, gridSize, width, height, (float)scale, rounded: true);
        for (var attempt = 0; mse > maxMse && attempt < 20; attempt++)
        {
            scale *= Math.Sqrt(maxMse / mse) * 0.99;
            mse = PatternRenderer.MeanSquare(pattern, gridSize, width, height, (float)scale, rounded: true);
        }
        if (mse > maxMse)
            scale = 0; // unreachable in practice; never break the PSNR promise
        return ((float)scale, ImageQuality.PsnrFromMse(scale == 0 ? 0 : mse), scale / baseScale);
    }

    /// <summary>Scale at which the drawn pattern has exactly the target PSNR's mean square (before rounding).</summary>
    private double BaseScale(float[] pattern, int gridSize, int width, int height)
    {
        var unitMeanSquare = PatternRenderer.MeanSquare(pattern, gridSize, width, height, 1f, rounded: false);
        return Math.Sqrt(MseForPsnr(_options.TargetPsnrDb) / Math.Max(unitMeanSquare, 1e-12));
    }

    private static double MseForPsnr(double psnrDb) => 255.0 * 255.0 / Math.Pow(10, psnrDb / 10);
}
