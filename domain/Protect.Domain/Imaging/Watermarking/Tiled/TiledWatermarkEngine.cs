using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Watermarking.Tiled;

/// <summary>
/// EXPERIMENTAL, not the production engine (that is <see cref="ImageWatermarkEngine"/>); used by `./protect bench
/// image` only. A keyed invisible watermark meant to survive crops, rotation, rescaling, aspect changes, flips and
/// compression: the 64-bit payload plus a 40-bit keyed check is convolutionally encoded (rate 1/3) into a keyed
/// 64×64-cell tile (a quarter of it a keyed pilot) that repeats over the whole image, shaped by a texture mask
/// and added to luma. Detection whitens the image, finds the tile's lattice in the autocorrelation (which undoes
/// any affine change), folds every repetition onto one tile, finds flips, quarter turns and the crop offset by
/// correlating with the pilot, and runs soft Viterbi. Only a decode that passes the keyed check is reported
/// (bar 2^-40 per hypothesis tried, at most <see cref="MaxHypotheses"/>); 40 bits, like production's,
/// keep the dozen hypotheses under the 1e-9 false-match bound.
/// <para>
/// Why it is not in production: it regresses guarantees the grid engine keeps (every Kodak image read untouched,
/// after JPEG 75 and after a 50% resize, enforced by KodakRobustnessTests). Measured by `./protect bench image`
/// on the 24 Kodak images at default strength (branch `robust`, 3915ab6, 2 CPUs): untouched 23/24 (95.8%),
/// resize-50 23/24, resize-150 54.2%, crop-50 86.1%, rotate ±2° + crop 62.5%, screenshot 45.8%; 8 of the 34
/// attack targets met; decode + embed + encode 2.60× the codec floor (target 1.3). Its wire format (check
/// purpose v2, 40-bit check, tile layout) is also incompatible with marks already issued.
/// </para>
/// </summary>
public sealed class TiledWatermarkEngine
{
    /// <summary>Smallest width and height that can carry the payload (one whole tile of 1 px cells).</summary>
    public const int MinimumSide = TileLayout.Side;

    /// <summary>Lattices tried: the one an untouched image has, the same at half size (the commonest resize), then the best of the autocorrelation.</summary>
    private const int NominalLattices = 2;

    private const int FoundLattices = 3;

    /// <summary>Dihedral alignments decoded per lattice (the strongest pilot correlations).</summary>
    private const int AlignmentsPerLattice = 2;

    /// <summary>Upper bound on the decodes one detection tries, which multiplies the false-match probability.</summary>
    public const int MaxHypotheses = (NominalLattices + FoundLattices) * AlignmentsPerLattice;

    /// <summary>Largest amplitude (grey levels per unit of mask) at strength 1; typical photos need about 3.</summary>
    private const double MaxScale = 4.5;

    private const string CheckPurpose = "protect/image-watermark/v2/check";

    /// <summary>Keyed check length: 2^-40 per hypothesis, times <see cref="MaxHypotheses"/>, stays far below 1e-9.</summary>
    public const int CheckBits = 40;

    private const int InfoBits = PayloadCodec.PayloadBits + CheckBits;

    private static readonly int CodedBits = ConvolutionalCode.CodedLength(InfoBits);

    /// <summary>Chance that a random decode passes the 40-bit check.</summary>
    public static double FalseMatchProbability { get; } = PayloadCodec.FalseMatchProbabilityFor(CheckBits);

    private readonly TiledWatermarkOptions _options;

    public TiledWatermarkEngine(TiledWatermarkOptions? options = null)
    {
        _options = options ?? new TiledWatermarkOptions();
        _options.Validate();
    }

    public TiledEmbedReport Embed(Image<Rgba32> image, WatermarkKey key, ulong payload)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(key);
        if (image.Width < MinimumSide || image.Height < MinimumSide)
            throw new ArgumentException($"Images smaller than {MinimumSide}x{MinimumSide} cannot carry a watermark.", nameof(image));

        var threads = _options.MaxDegreeOfParallelism;
        var cell = TileRenderer.CellSizeFor(image.Width, image.Height);
        var coded = ConvolutionalCode.Encode(PayloadCodec.ToBits(payload, key.Derive(CheckPurpose), CheckBits));
        var tile = TileLayout.Create(key, coded.Length).Render(coded);
        var mask = PerceptualMask.Create(image, cell, threads);

        // Scale for the target PSNR from a quarter of the rows, then lowered if the rounded change breaks the floor.
        var unit = TileRenderer.MeanSquare(image, tile, mask, cell, 1f, rounded: false, rowStep: 4, threads);
        // Capped, so smooth images (mask at its floor everywhere) stay below visibility instead of reaching the PSNR target.
        var scale = Math.Min(Math.Sqrt(MseForPsnr(_options.TargetPsnrDb) / Math.Max(unit, 1e-12)), MaxScale) * _options.Strength;
        var maxMse = MseForPsnr(_options.MinPsnrDb);
        for (var i = 0; i < 8; i++)
        {
            var mse = TileRenderer.MeanSquare(image, tile, mask, cell, (float)scale, rounded: true, rowStep: 4, threads);
            if (mse <= maxMse * 0.97)
                break;
            scale *= Math.Sqrt(maxMse * 0.95 / mse);
        }
        var changed = TileRenderer.Apply(image, tile, mask, cell, (float)scale, threads);
        var baseScale = Math.Min(Math.Sqrt(MseForPsnr(_options.TargetPsnrDb) / Math.Max(unit, 1e-12)), MaxScale);
        return new TiledEmbedReport(scale / baseScale, PsnrDb(changed), cell, coded.Length);
    }

    public DetectionResult Detect(Image<Rgba32> image, WatermarkKey key) => DetectWithKeys(image, [key])[0];

    /// <summary>
    /// Reads one image with several keys (e.g. a service with one key per tenant, or false-match trials): the
    /// key-independent work (whitening, lattice search, folds) is done once, only the keyed reading per key.
    /// </summary>
    public IReadOnlyList<DetectionResult> DetectWithKeys(Image<Rgba32> image, IReadOnlyList<WatermarkKey> keys)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(keys);
        if (image.Width < MinimumSide || image.Height < MinimumSide)
            return keys.Select(_ => DetectionResult.NotDetected).ToArray();
        var folds = new FoldSet(image, _options.MaxDegreeOfParallelism);
        return keys.Select(key => DetectOne(folds, key)).ToArray();
    }

    private static DetectionResult DetectOne(FoldSet folds, WatermarkKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var layout = TileLayout.Create(key, CodedBits);
        var pilots = TileReader.PilotSpectra(layout);
        var checkKey = key.Derive(CheckPurpose);
        for (var i = 0; folds.Get(i) is { } fold; i++)
        {
            foreach (var alignment in TileReader.Align(fold.Spectrum, pilots).Take(AlignmentsPerLattice))
            {
                var soft = TileReader.Read(fold.Values, layout, alignment);
                var info = ConvolutionalCode.Decode(soft, InfoBits);
                if (!PayloadCodec.TryReadBits(info, checkKey, CheckBits, out var payload))
                    continue;
                var (confidence, errors) = MarkEstimator.Agreement(soft, ConvolutionalCode.Encode(info));
                // Every hypothesis a detection may try counts, not just the ones before the hit.
                return new DetectionResult(true, payload, confidence, MaxHypotheses * FalseMatchProbability, errors)
                {
                    Geometry = GeometryEstimator.Estimate(fold.Lattice, alignment, folds.Work.Scale),
                };
            }
        }
        return DetectionResult.NotDetected;
    }

    /// <summary>
    /// The folds to try, built lazily: first the lattice an untouched image has (most reads stop there), then,
    /// only if needed, the best lattices of the autocorrelation search.
    /// </summary>
    private sealed class FoldSet
    {
        private readonly List<Fold> _folds = [];
        private readonly int _threads;
        private readonly Lattice _nominal;
        private readonly Lattice _half;
        private bool _searched;

        public FoldSet(Image<Rgba32> image, int threads)
        {
            _threads = threads;
            Work = WorkingImage.Create(image, threads);
            var period = TileLayout.Side * TileRenderer.CellSizeFor(image.Width, image.Height) * Work.Scale;
            _nominal = new Lattice(period, 0, 0, period, double.NaN);
            _half = new Lattice(period / 2, 0, 0, period / 2, double.NaN);
            _folds.Add(Build(_nominal));
        }

        public WorkingImage Work { get; }

        public Fold? Get(int index)
        {
            if (index == 1 && _folds.Count == 1)
                _folds.Add(Build(_half));
            if (index >= _folds.Count && !_searched)
            {
                _searched = true;
                foreach (var lattice in LatticeFinder.Find(Work, FoundLattices + 2, _threads))
                {
                    if (_folds.Count < NominalLattices + FoundLattices && !lattice.SameAs(_nominal, Math.Abs(_nominal.Ax) * 0.01)
                        && !lattice.SameAs(_half, Math.Abs(_half.Ax) * 0.01))
                        _folds.Add(Build(lattice));
                }
            }
            return index < _folds.Count ? _folds[index] : null;
        }

        private Fold Build(Lattice lattice)
        {
            var values = TileFold.Fold(Work, lattice, _threads);
            return new Fold(lattice, values, TileReader.Spectrum(values));
        }
    }

    private sealed record Fold(Lattice Lattice, float[] Values, (float[] Re, float[] Im) Spectrum);

    private static double MseForPsnr(double psnrDb) => 255.0 * 255.0 / Math.Pow(10, psnrDb / 10);

    private static double PsnrDb(double mse) => mse <= 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
}
