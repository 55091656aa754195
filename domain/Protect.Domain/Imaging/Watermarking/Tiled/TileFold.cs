namespace Protect.Domain.Imaging.Watermarking.Tiled;

/// <summary>
/// Folds the whitened image onto one tile period: every working pixel is mapped through the inverse lattice into
/// tile coordinates and added to its half-cell bin, so all repetitions of the tile (whatever part of the image
/// survived a crop) add up coherently while the host averages out. Half-cell bins let the reader find the
/// translation to half a cell.
/// </summary>
internal static class TileFold
{
    public const int Bins = 2 * TileLayout.Side;

    public static float[] Fold(WorkingImage work, Lattice lattice, int maxThreads) => Fold(work, lattice, Bins, maxThreads);

    /// <summary>The same fold onto <paramref name="bins"/>² bins (a power of two); -1 threads means no limit.</summary>
    public static float[] Fold(WorkingImage work, Lattice lattice, int bins, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(work);
        // Tile coordinates in bins: q = bins · [a b]⁻¹ · p, with a and b one tile period each.
        var det = lattice.Determinant;
        var m00 = bins * lattice.By / det;
        var m01 = -bins * lattice.Bx / det;
        var m10 = -bins * lattice.Ay / det;
        var m11 = bins * lattice.Ax / det;
        int w = work.Width, h = work.Height;
        var total = new float[bins * bins];
        var gate = new object();
        Parallel.For(0, h, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, () => new float[bins * bins], (y, _, local) =>
        {
            var py = y + 0.5;
            var row = work.Values.AsSpan(y * w, w);
            for (var x = 0; x < w; x++)
            {
                var px = x + 0.5;
                var qx = (int)Math.Floor((m00 * px) + (m01 * py)) & (bins - 1);
                var qy = (int)Math.Floor((m10 * px) + (m11 * py)) & (bins - 1);
                local[(qy * bins) + qx] += row[x];
            }
            return local;
        }, local =>
        {
            lock (gate)
            {
                for (var i = 0; i < total.Length; i++)
                    total[i] += local[i];
            }
        });
        return total;
    }
}
