using Protect.Domain.Imaging.Watermarking.Tiled;

namespace Protect.Domain.Imaging.Watermarking.Sync;

/// <summary>A way to read a folded tile: which dihedral map and which cyclic shift (in half-cell bins).</summary>
internal readonly record struct TileAlignment(int Dihedral, int ShiftX, int ShiftY, double PilotScore);

/// <summary>
/// Reads a tile folded from a resynchronized image with the key: correlates it cyclically (by FFT) with the keyed
/// pilot under each of the 8 flips and quarter turns, which finds both the dihedral map and the translation a
/// crop left behind, then gathers each cell's four half-cell bins into one tile of cell readings.
/// </summary>
internal static class TileAligner
{
    public const int Bins = 2 * KeyedLayout.TileSide;

    /// <summary>2-D spectrum of a fold (key-independent, so shared by every key tried on one image).</summary>
    public static (float[] Re, float[] Im) Spectrum(float[] fold)
    {
        var re = (float[])fold.Clone();
        var im = new float[Bins * Bins];
        Fft.Transform2D(re, im, Bins, Bins, inverse: false, maxThreads: 1);
        return (re, im);
    }

    /// <summary>
    /// Dihedral maps tried on a fold of a <see cref="Canonical"/> lattice: as is, and mirrored (a flip leaves the
    /// lattice as it was but mirrors the tile). Quarter turns and flips without a crop are read before, by the
    /// grid path, so two maps instead of eight make the per-key cost of resynchronizing 4× smaller.
    /// </summary>
    public static readonly int[] Maps = [0, 1];

    /// <summary>
    /// The lattice basis a rotation within ±45° of the marked original gives: a the more horizontal vector,
    /// pointing right, and b pointing down (positive determinant, image y down).
    /// </summary>
    public static Tiled.Lattice Canonical(Tiled.Lattice l)
    {
        if (Math.Abs(l.Ay) * Math.Abs(l.Bx) > Math.Abs(l.Ax) * Math.Abs(l.By))
            l = l with { Ax = l.Bx, Ay = l.By, Bx = l.Ax, By = l.Ay };
        if (l.Ax < 0)
            l = l with { Ax = -l.Ax, Ay = -l.Ay };
        if (l.Determinant < 0)
            l = l with { Bx = -l.Bx, By = -l.By };
        return l;
    }

    /// <summary>Spectra of the keyed pilot (expanded to bins) under each of <see cref="Maps"/>.</summary>
    public static (int Dihedral, float[] Re, float[] Im)[] PilotSpectra(KeyedLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var pilot = layout.Pilot();
        var result = new (int Dihedral, float[] Re, float[] Im)[Maps.Length];
        for (var m = 0; m < Maps.Length; m++)
        {
            var d = Maps[m];
            var re = new float[Bins * Bins];
            var im = new float[Bins * Bins];
            for (var y = 0; y < Bins; y++)
            {
                for (var x = 0; x < Bins; x++)
                {
                    var (ex, ey) = Dihedral.Map(d, x, y, Bins); // a mirror keeps a cell's two bins together
                    re[(y * Bins) + x] = pilot[((ey / 2) * KeyedLayout.TileSide) + (ex / 2)];
                }
            }
            Fft.Transform2D(re, im, Bins, Bins, inverse: false, maxThreads: 1);
            result[m] = (d, re, im);
        }
        return result;
    }

    /// <summary>The best shift for each pilot's dihedral map, strongest first, scored as z-scores of the correlation.</summary>
    public static TileAlignment[] Align((float[] Re, float[] Im) fold, (int Dihedral, float[] Re, float[] Im)[] pilots)
    {
        ArgumentNullException.ThrowIfNull(pilots);
        var result = new TileAlignment[pilots.Length];
        var re = new float[Bins * Bins];
        var im = new float[Bins * Bins];
        for (var m = 0; m < pilots.Length; m++)
        {
            var (d, pr, pi) = pilots[m];
            var (x, y, score) = TileReader.Peak(fold, pr, pi, Bins, re, im);
            result[m] = new TileAlignment(d, x, y, score);
        }
        return result.OrderByDescending(a => a.PilotScore).ToArray();
    }

    /// <summary>Each tile cell's reading: the sum of its four bins, found through the alignment.</summary>
    public static float[] Cells(float[] fold, TileAlignment alignment)
    {
        ArgumentNullException.ThrowIfNull(fold);
        var cells = new float[KeyedLayout.TileCells];
        for (var y = 0; y < Bins; y++)
        {
            for (var x = 0; x < Bins; x++)
            {
                var (ex, ey) = Dihedral.Map(alignment.Dihedral, x, y, Bins);
                var fx = (x + alignment.ShiftX) & (Bins - 1);
                var fy = (y + alignment.ShiftY) & (Bins - 1);
                cells[((ey / 2) * KeyedLayout.TileSide) + (ex / 2)] += fold[(fy * Bins) + fx];
            }
        }
        return cells;
    }
}
