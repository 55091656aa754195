using Protect.Domain.Imaging.Watermarking.Sync;
using Protect.Domain.Imaging.Watermarking.Tiled;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// The key-independent part of reading one image, computed once and shared by every key tried on it. Fast path:
/// for each grid size that fits, the weighted high-passed grid folded onto one tile. Resynchronization (built
/// only when a key asks for it, i.e. when the fast path failed): the whitened working image, the best lattices
/// of its autocorrelation, and the image folded onto each of them.
/// </summary>
internal sealed class SuspectImage
{
    /// <summary>
    /// Lattices folded and aligned. Textured hosts have autocorrelation peaks of their own, so the tile's lattice
    /// is often not the strongest; the keyed pilot, not the autocorrelation, picks among these.
    /// </summary>
    private const int Lattices = 16;

    /// <summary>Autocorrelation maxima paired into lattices.</summary>
    private const int Peaks = 40;

    /// <summary>
    /// Shortest tile period searched, in working pixels. The smallest embedder tile is 32 cells of 2 px on the
    /// short side; a 70% downscale leaves ~45 px.
    /// </summary>
    private const double MinPeriod = 32;

    private readonly Image<Rgba32> _image;
    private List<SyncFold>? _folds;
    private double _workScale;

    public SuspectImage(Image<Rgba32> image, IReadOnlyList<int> gridSizes)
    {
        _image = image;
        var tiles = new List<GridTile>();
        float[]? luma = null;
        for (var i = 0; i < gridSizes.Count; i++)
        {
            luma = luma is null ? LumaGrid.Sample(image, gridSizes[i]) : LumaGrid.Halve(luma, gridSizes[i - 1]);
            var g = gridSizes[i];
            var weights = MarkEstimator.Weights(luma, g);
            var cells = GridFilters.HighPass(luma, g);
            for (var c = 0; c < cells.Length; c++)
                cells[c] *= weights[c];
            tiles.Add(new GridTile(g, KeyedLayout.FoldGrid(cells, g)));
        }
        Grids = tiles;
    }

    /// <summary>Folded grids, finest first (the detector tries each, since a resize changes which the embedder picks).</summary>
    public IReadOnlyList<GridTile> Grids { get; }

    /// <summary>Working pixels per image pixel in the resynchronization path.</summary>
    public double WorkScale
    {
        get
        {
            _ = Folds;
            return _workScale;
        }
    }

    public IReadOnlyList<SyncFold> Folds
    {
        get
        {
            if (_folds is not null)
                return _folds;
            var work = WorkingImage.Create(_image, -1, rmsPower: 2);
            _workScale = work.Scale;
            _folds = LatticeFinder.Find(work, Lattices, -1, MinPeriod, Peaks, densify: true)
                .Select(TileAligner.Canonical)
                .Select(l =>
                {
                    var fold = LatticeFold.Fold(work, l);
                    return new SyncFold(l, fold, TileAligner.Spectrum(fold));
                })
                .ToList();
            return _folds;
        }
    }

    internal sealed record GridTile(int GridSize, float[] Tile);

    internal sealed record SyncFold(Lattice Lattice, float[] Values, (float[] Re, float[] Im) Spectrum);
}
