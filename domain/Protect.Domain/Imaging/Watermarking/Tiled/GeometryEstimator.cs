namespace Protect.Domain.Imaging.Watermarking.Tiled;

/// <summary>
/// Turns the lattice and the pilot alignment that decoded into a human-readable transform: the linear map from
/// the marked original to the given image is the lattice's cell vectors, undone for the dihedral map, over the
/// embedder's cell size; its polar decomposition gives flip, rotation and per-axis scale.
/// </summary>
internal static class GeometryEstimator
{
    public static WatermarkGeometry Estimate(Lattice lattice, TileAlignment alignment, double workScale)
    {
        // Working pixels per tile cell along the tile's x and y: M = [a b] / Side.
        double m00 = lattice.Ax / TileLayout.Side, m10 = lattice.Ay / TileLayout.Side;
        double m01 = lattice.Bx / TileLayout.Side, m11 = lattice.By / TileLayout.Side;
        // The reader mapped fold bins to tile bins by K = F·S (swap, then mirror); original cells = K⁻¹ = S·F of fold cells.
        var g = alignment.Dihedral;
        double fx = (g & 1) != 0 ? -1 : 1, fy = (g & 2) != 0 ? -1 : 1;
        double k00 = fx, k01 = 0, k10 = 0, k11 = fy;
        if ((g & 4) != 0)
            (k00, k01, k10, k11) = (0, fy, fx, 0);
        var cellPixels = Math.Sqrt(Math.Abs(lattice.Determinant)) / TileLayout.Side / workScale;
        var cell = NominalCell(cellPixels);
        var norm = 1 / (cell * workScale);
        var l00 = ((m00 * k00) + (m01 * k10)) * norm;
        var l01 = ((m00 * k01) + (m01 * k11)) * norm;
        var l10 = ((m10 * k00) + (m11 * k10)) * norm;
        var l11 = ((m10 * k01) + (m11 * k11)) * norm;

        var flipped = (l00 * l11) - (l01 * l10) < 0;
        if (flipped)
        {
            l00 = -l00; // L·diag(-1, 1): a horizontal mirror applied first
            l10 = -l10;
        }
        var angle = Math.Atan2(l10 - l01, l00 + l11);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        var scaleX = (cos * l00) + (sin * l10);
        var scaleY = (-sin * l01) + (cos * l11);

        var (ox, oy) = Origin(alignment);
        var offsetX = ((lattice.Ax * ox) + (lattice.Bx * oy)) / TileFold.Bins / workScale;
        var offsetY = ((lattice.Ay * ox) + (lattice.By * oy)) / TileFold.Bins / workScale;
        return new WatermarkGeometry(angle * 180 / Math.PI, scaleX, scaleY, flipped, offsetX, offsetY);
    }

    /// <summary>The largest embedder cell size not above what was measured (doubling steps; 3 px when smaller).</summary>
    private static int NominalCell(double cellPixels)
    {
        var chosen = TileRenderer.CellSizes[0];
        foreach (var c in TileRenderer.CellSizes)
        {
            if (c <= cellPixels * 1.1)
                chosen = c;
        }
        return chosen;
    }

    /// <summary>Fold bin where the tile's origin lies, centred to within half a tile.</summary>
    private static (double X, double Y) Origin(TileAlignment alignment)
    {
        const int n = TileFold.Bins;
        foreach (var x in new[] { 0, n - 1 })
        {
            foreach (var y in new[] { 0, n - 1 })
            {
                if (TileReader.Map(alignment.Dihedral, x, y) == (0, 0))
                    return (Centre(x + alignment.ShiftX), Centre(y + alignment.ShiftY));
            }
        }
        return (0, 0);

        static double Centre(int v)
        {
            v &= n - 1;
            return v >= n / 2 ? v - n : v;
        }
    }
}
