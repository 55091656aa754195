namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// The 8 flips and quarter turns of a square array (the dihedral group). Quarter turns and flips of an image map
/// its proportional g×g grid exactly onto itself (cells are fractions of the sides, whatever the aspect), and,
/// since g is a whole number of tiles, the folded tile onto itself too: the detector undoes them by permuting a
/// tile, without touching the image again.
/// </summary>
internal static class Dihedral
{
    public const int Count = 8;

    /// <summary>Position of (x, y) under map <paramref name="d"/>: bit 2 swaps the axes, then bit 0 mirrors x and bit 1 mirrors y.</summary>
    public static (int X, int Y) Map(int d, int x, int y, int n)
    {
        if ((d & 4) != 0)
            (x, y) = (y, x);
        if ((d & 1) != 0)
            x = n - 1 - x;
        if ((d & 2) != 0)
            y = n - 1 - y;
        return (x, y);
    }

    /// <summary>result[Map(d, x, y)] = values[x, y] on an n×n array.</summary>
    public static float[] Apply(ReadOnlySpan<float> values, int n, int d)
    {
        if (values.Length != n * n)
            throw new ArgumentException($"Expected {n}x{n} values.", nameof(values));
        if (d == 0)
            return values.ToArray();
        var result = new float[values.Length];
        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                var (mx, my) = Map(d, x, y, n);
                result[(my * n) + mx] = values[(y * n) + x];
            }
        }
        return result;
    }

    /// <summary>
    /// The linear part of Map(d)⁻¹ = S·F as a 2×2 matrix (k00, k01, k10, k11): where a unit step along the
    /// original's axes lands in the array that was mapped.
    /// </summary>
    public static (double K00, double K01, double K10, double K11) Inverse(int d)
    {
        double fx = (d & 1) != 0 ? -1 : 1, fy = (d & 2) != 0 ? -1 : 1;
        return (d & 4) != 0 ? (0, fy, fx, 0) : (fx, 0, 0, fy);
    }

    /// <summary>What the fast path undid when the grid read under map <paramref name="d"/>: a quarter turn and/or a flip.</summary>
    public static WatermarkGeometry Geometry(int d)
    {
        var (k00, k01, k10, k11) = Inverse(d);
        return FromLinear(k00, k01, k10, k11, 1, 1, 0, 0);
    }

    /// <summary>
    /// Polar decomposition of the map L (original → suspect, image axes with y down) into a horizontal flip
    /// applied first, a clockwise rotation, and the given per-axis scales.
    /// </summary>
    public static WatermarkGeometry FromLinear(double l00, double l01, double l10, double l11,
        double scaleX, double scaleY, double offsetX, double offsetY)
    {
        var flipped = (l00 * l11) - (l01 * l10) < 0;
        if (flipped)
        {
            l00 = -l00; // L·diag(-1, 1)
            l10 = -l10;
        }
        var degrees = Math.Atan2(l10 - l01, l00 + l11) * 180 / Math.PI;
        if (degrees <= -180 + 1e-9)
            degrees += 360;
        return new WatermarkGeometry(Math.Round(degrees, 2), scaleX, scaleY, flipped, offsetX, offsetY);
    }
}
