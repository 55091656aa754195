using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Watermarking.Tiled;

/// <summary>
/// Draws the periodic tile over an image: cell centres every <c>cell</c> pixels, bilinear between them (no block
/// edges for the eye or JPEG), wrapped so the tile repeats seamlessly, times the perceptual mask, added as the
/// same rounded delta to R, G and B (a luma change: survives grayscale and saturation changes), alpha untouched.
/// </summary>
internal static class TileRenderer
{
    /// <summary>Cell sizes the embedder picks from; doubling steps, so the detector can name the scale it undid.</summary>
    public static readonly int[] CellSizes = [3, 6, 12, 24];

    /// <summary>Below this short side a whole tile of 3 px cells would not fit: small images get 1 or 2 px cells.</summary>
    private const int SmallSide = 192;

    /// <summary>Shorter sides per cell the embedder aims at: ~170 cells across keeps cells ≥ 1.5 px after a 50% downscale.</summary>
    private const int CellsAcross = 170;

    public static int CellSizeFor(int width, int height)
    {
        var side = Math.Min(width, height);
        if (side < SmallSide)
            return Math.Max(1, side / TileLayout.Side);
        var target = side / (double)CellsAcross;
        var chosen = CellSizes[0];
        foreach (var c in CellSizes)
        {
            if (c <= target)
                chosen = c;
        }
        return chosen;
    }

    /// <summary>Mean squared (optionally rounded) delta over every <paramref name="rowStep"/>-th row.</summary>
    public static double MeanSquare(Image<Rgba32> image, float[] tile, PerceptualMask mask, int cell, float scale,
        bool rounded, int rowStep, int maxThreads)
    {
        var width = image.Width;
        var rows = (image.Height + rowStep - 1) / rowStep;
        var sums = new double[rows];
        var (cx, fx) = Axis(width, cell);
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, () => new float[width], (r, _, row) =>
        {
            DeltaRow(tile, mask, cell, r * rowStep, cx, fx, scale, row);
            double sum = 0;
            foreach (var d in row)
            {
                var v = rounded ? MathF.Round(d) : d;
                sum += v * v;
            }
            sums[r] = sum;
            return row;
        }, _ => { });
        return sums.Sum() / ((double)rows * width);
    }

    /// <summary>Draws the mark; returns the mean squared change per channel before clamping (an upper bound).</summary>
    public static double Apply(Image<Rgba32> image, float[] tile, PerceptualMask mask, int cell, float scale, int maxThreads)
    {
        var width = image.Width;
        var sums = new double[image.Height];
        var (cx, fx) = Axis(width, cell);
        Parallel.For(0, image.Height, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, () => new float[width], (y, _, row) =>
        {
            DeltaRow(tile, mask, cell, y, cx, fx, scale, row);
            var pixels = image.DangerousGetPixelRowMemory(y).Span;
            long squares = 0;
            for (var x = 0; x < width; x++)
            {
                var delta = (int)MathF.Round(row[x]);
                if (delta == 0)
                    continue;
                squares += delta * delta;
                ref var p = ref pixels[x];
                p.R = (byte)Math.Clamp(p.R + delta, 0, 255);
                p.G = (byte)Math.Clamp(p.G + delta, 0, 255);
                p.B = (byte)Math.Clamp(p.B + delta, 0, 255);
            }
            sums[y] = squares;
            return row;
        }, _ => { });
        return sums.Sum() / ((double)width * image.Height);
    }

    /// <summary>Per pixel: the tile cell to its left (wrapped) and the weight of the next one.</summary>
    private static (int[] Cell, float[] Fraction) Axis(int length, int cell)
    {
        var index = new int[length];
        var fraction = new float[length];
        for (var x = 0; x < length; x++)
        {
            var u = ((x + 0.5) / cell) - 0.5;
            var c = (int)Math.Floor(u);
            fraction[x] = (float)(u - c);
            index[x] = ((c % TileLayout.Side) + TileLayout.Side) % TileLayout.Side;
        }
        return (index, fraction);
    }

    private static void DeltaRow(float[] tile, PerceptualMask mask, int cell, int y, int[] cx, float[] fx, float scale, float[] row)
    {
        const int side = TileLayout.Side;
        var v = ((y + 0.5) / cell) - 0.5;
        var r = (int)Math.Floor(v);
        var fy = (float)(v - r);
        r = ((r % side) + side) % side;
        var upper = tile.AsSpan(r * side, side);
        var lower = tile.AsSpan(((r + 1) % side) * side, side);
        mask.Row(y, row);
        for (var x = 0; x < row.Length; x++)
        {
            var c0 = cx[x];
            var c1 = c0 + 1 == side ? 0 : c0 + 1;
            var f = fx[x];
            var a = upper[c0] + (f * (upper[c1] - upper[c0]));
            var b = lower[c0] + (f * (lower[c1] - lower[c0]));
            row[x] *= scale * (a + (fy * (b - a)));
        }
    }
}
