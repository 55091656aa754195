using Protect.Domain.Imaging.Watermarking.Tiled;

namespace Protect.Domain.Imaging.Watermarking.Sync;

/// <summary>
/// Folds the whitened suspect onto one tile period: every working pixel is mapped through the inverse lattice
/// into tile coordinates and added to its half-cell bin, so all repetitions of the tile (whatever part of the
/// image survived a crop, however it was rotated or rescaled) add up coherently while the host averages out.
/// Half-cell bins let the pilot find the translation to half a cell. Also turns a lattice and an alignment back
/// into what was undone.
/// </summary>
internal static class LatticeFold
{
    private const int Bins = TileAligner.Bins;

    public static float[] Fold(WorkingImage work, Lattice lattice)
    {
        ArgumentNullException.ThrowIfNull(work);
        return TileFold.Fold(work, lattice, Bins, maxThreads: -1);
    }

    /// <summary>
    /// Rotation and flip from the lattice (suspect pixels per tile along the fold's axes) and the dihedral map that
    /// read; the tile origin's position mod one tile as the offset. Cells are a fixed fraction of the marked
    /// original's sides, and a crop hides how large that original was, so no absolute scale is claimed (1).
    /// </summary>
    public static WatermarkGeometry Geometry(Lattice lattice, TileAlignment alignment, double workScale)
    {
        var (k00, k01, k10, k11) = Dihedral.Inverse(alignment.Dihedral);
        var l00 = (lattice.Ax * k00) + (lattice.Bx * k10);
        var l01 = (lattice.Ax * k01) + (lattice.Bx * k11);
        var l10 = (lattice.Ay * k00) + (lattice.By * k10);
        var l11 = (lattice.Ay * k01) + (lattice.By * k11);
        var (ox, oy) = Origin(alignment);
        var offsetX = ((lattice.Ax * ox) + (lattice.Bx * oy)) / Bins / workScale;
        var offsetY = ((lattice.Ay * ox) + (lattice.By * oy)) / Bins / workScale;
        return Dihedral.FromLinear(l00, l01, l10, l11, 1, 1, offsetX, offsetY);
    }

    /// <summary>Fold bin where the tile's origin lies, centred to within half a tile.</summary>
    private static (double X, double Y) Origin(TileAlignment alignment)
    {
        foreach (var x in new[] { 0, Bins - 1 })
        {
            foreach (var y in new[] { 0, Bins - 1 })
            {
                if (Dihedral.Map(alignment.Dihedral, x, y, Bins) == (0, 0))
                    return (Centre(x + alignment.ShiftX), Centre(y + alignment.ShiftY));
            }
        }
        return (0, 0);

        static double Centre(int v)
        {
            v &= Bins - 1;
            return v >= Bins / 2 ? v - Bins : v;
        }
    }
}
