using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// Training-free keyed invisible watermark. The 64-bit payload plus a 40-bit keyed check is convolutionally
/// encoded (rate 1/3), spread with keyed ±1 chips over a keyed tile of cells that repeats over a fixed luminance
/// grid, shaped by a texture mask and added to R, G and B. Detection first reads the grid as it lies (which undoes
/// rescaling and aspect changes for free, and quarter turns and flips by permuting the folded tile); when that
/// fails it resynchronizes: the periodic mark's lattice in the autocorrelation undoes rotation, scale and crop,
/// and a keyed pilot in the tile finds the translation and orientation. Only a decode that passes the keyed check
/// is reported, so a wrong payload is never returned bar 2^-40 per hypothesis (at most <see cref="MaxHypotheses"/>).
/// </summary>
public sealed class ImageWatermarkEngine
{
    /// <summary>Smallest width and height that can carry the payload (one cell per pixel on the smallest grid).</summary>
    public const int MinimumSide = 64;

    /// <summary>Keyed check length: 2^-40 per hypothesis times <see cref="MaxHypotheses"/> stays far below 1e-9.</summary>
    public const int CheckBits = 40;

    /// <summary>Dihedral maps per grid size on the fast path, times the grid sizes.</summary>
    private const int FastHypotheses = 3 * Dihedral.Count;

    /// <summary>Decodes on the resynchronization path: the strongest pilot peaks over every lattice and dihedral map.</summary>
    private const int SyncDecodes = 4;

    /// <summary>Upper bound on the decodes one detection tries; it multiplies the false-match probability.</summary>
    public const int MaxHypotheses = FastHypotheses + SyncDecodes;

    /// <summary>Chance that an unmarked image or a wrong key passes: every hypothesis counts, not only those tried.</summary>
    public static double FalseMatchProbability { get; } = MaxHypotheses * PayloadCodec.FalseMatchProbabilityFor(CheckBits);

    private const string CheckPurpose = "protect/image-watermark/v3/check";

    /// <summary>Grid sizes, finest first; the detector tries each one that fits, since a resize changes which the embedder would pick.</summary>
    private static readonly int[] GridSizes = [256, 128, 64];

    private const int InfoBits = PayloadCodec.PayloadBits + CheckBits;

    private static readonly int CodedBits = ConvolutionalCode.CodedLength(InfoBits);

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
        var coded = ConvolutionalCode.Encode(PayloadCodec.ToBits(payload, key.Derive(CheckPurpose), CheckBits));
        var layout = KeyedLayout.Create(key, gridSize, coded.Length);

        var luma = LumaGrid.Sample(image, gridSize);
        var pattern = GridFilters.PerceptualMask(luma, gridSize);
        var gains = PlanGains(luma, pattern, coded, layout, image.Width, image.Height);
        layout.Modulate(coded, gains, pattern); // mask × chip × ±1 × gain, per cell

        var (scale, psnr, effective) = Calibrate(pattern, gridSize, image.Width, image.Height);
        PatternRenderer.Apply(image, pattern, gridSize, scale);
        return new EmbedReport(effective, psnr, gridSize, coded.Length);
    }

    public DetectionResult Detect(Image<Rgba32> image, WatermarkKey key) => DetectWithKeys(image, [key])[0];

    /// <summary>
    /// Reads one image with several keys (a service with a key per tenant, or false-match trials): the
    /// key-independent work (grids, lattice search, folds) is done once, only the keyed reading per key.
    /// </summary>
    public IReadOnlyList<DetectionResult> DetectWithKeys(Image<Rgba32> image, IReadOnlyList<WatermarkKey> keys)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(keys);
        var side = Math.Min(image.Width, image.Height);
        var candidates = GridSizes.Where(g => g <= side).ToArray();
        if (candidates.Length == 0)
            return keys.Select(_ => DetectionResult.NotDetected).ToArray();
        var suspect = new SuspectImage(image, candidates);
        return keys.Select(key => DetectOne(suspect, key)).ToArray();
    }

    private static DetectionResult DetectOne(SuspectImage suspect, WatermarkKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var layout = KeyedLayout.Create(key, KeyedLayout.TileSide, CodedBits);
        var checkKey = key.Derive(CheckPurpose);
        foreach (var grid in suspect.Grids)
        {
            for (var d = 0; d < Dihedral.Count; d++)
            {
                var tile = Dihedral.Apply(grid.Tile, KeyedLayout.TileSide, d);
                if (TryDecode(layout, tile, checkKey) is { } hit)
                    return d == 0 ? hit : hit with { Geometry = Dihedral.Geometry(d) };
            }
        }

        var pilots = Sync.TileAligner.PilotSpectra(layout);
        var ranked = suspect.Folds
            .SelectMany(fold => Sync.TileAligner.Align(fold.Spectrum, pilots).Take(2).Select(alignment => (fold, alignment)))
            .OrderByDescending(h => h.alignment.PilotScore)
            .Take(SyncDecodes);
        foreach (var (fold, alignment) in ranked)
        {
            if (TryDecode(layout, Sync.TileAligner.Cells(fold.Values, alignment), checkKey) is { } hit)
                return hit with { Geometry = Sync.LatticeFold.Geometry(fold.Lattice, alignment, suspect.WorkScale) };
        }
        return DetectionResult.NotDetected;
    }

    private static DetectionResult? TryDecode(KeyedLayout layout, float[] tile, byte[] checkKey)
    {
        var soft = layout.DemodulateTile(tile);
        var info = ConvolutionalCode.Decode(soft, InfoBits);
        if (!PayloadCodec.TryReadBits(info, checkKey, CheckBits, out var payload))
            return null;
        var (confidence, errors) = MarkEstimator.Agreement(soft, ConvolutionalCode.Encode(info));
        return new DetectionResult(true, payload, confidence, FalseMatchProbability, errors);
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
