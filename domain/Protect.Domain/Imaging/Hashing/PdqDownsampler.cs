using System.Buffers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Hashing;

/// <summary>
/// PDQ's first stage: luma, then a tent filter (two passes of box filters along rows and columns, after Jarosz,
/// "Fast image convolutions", 2001) whose support is one output cell, then sampling at the 64x64 cell centres.
/// </summary>
internal static class PdqDownsampler
{
    public const int Size = 64;

    /// <summary>
    /// Images are first averaged over integer blocks so that neither side exceeds this. The tent filter that follows
    /// is far wider than the block, so the 64x64 result barely changes, while memory stays bounded (4 MB of floats)
    /// whatever the megapixels: Meta recommends the same (downscale to ~512 before hashing).
    /// </summary>
    public const int MaxWorkingSide = 1024;

    /// <summary>Box passes per axis: two passes of a box make the tent.</summary>
    private const int Passes = 2;

    private const float LumaR = 0.299f, LumaG = 0.587f, LumaB = 0.114f;

    /// <summary>Fills <paramref name="output"/> (64x64, row-major) from an RGB image.</summary>
    public static void FromImage(Image<Rgba32> image, Span<float> output)
    {
        var f = BlockFactor(image.Width, image.Height);
        int w = CeilDiv(image.Width, f), h = CeilDiv(image.Height, f);
        var luma = ArrayPool<float>.Shared.Rent(w * h);
        try
        {
            Array.Clear(luma, 0, w * h);
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var target = luma.AsSpan(y / f * w, w);
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                        target[x / f] += (LumaR * row[x].R) + (LumaG * row[x].G) + (LumaB * row[x].B);
                }
            });
            var plane = luma.AsSpan(0, w * h);
            NormalizeBlocks(plane, image.Width, image.Height, f);
            Downsample(plane, w, h, output);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(luma);
        }
    }

    /// <summary>Fills <paramref name="output"/> from an 8-bit luma plane (e.g. the Y plane of a decoded video frame).</summary>
    public static void FromLuma(ReadOnlySpan<byte> source, int width, int height, int stride, Span<float> output)
    {
        var f = BlockFactor(width, height);
        int w = CeilDiv(width, f), h = CeilDiv(height, f);
        var luma = ArrayPool<float>.Shared.Rent(w * h);
        try
        {
            var plane = luma.AsSpan(0, w * h);
            plane.Clear();
            for (var y = 0; y < height; y++)
            {
                var target = plane.Slice(y / f * w, w);
                var row = source.Slice(y * stride, width);
                for (var x = 0; x < width; x++)
                    target[x / f] += row[x];
            }
            NormalizeBlocks(plane, width, height, f);
            Downsample(plane, w, h, output);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(luma);
        }
    }

    public static int BlockFactor(int width, int height) => Math.Max(1, CeilDiv(Math.Max(width, height), MaxWorkingSide));

    /// <summary>Blocks summed f x f pixels (fewer at the right and bottom edges); divide by each block's own count.</summary>
    private static void NormalizeBlocks(Span<float> plane, int width, int height, int f)
    {
        if (f == 1) return;
        int w = CeilDiv(width, f), h = CeilDiv(height, f);
        for (var by = 0; by < h; by++)
        {
            var rowsIn = Math.Min(f, height - (by * f));
            for (var bx = 0; bx < w; bx++)
                plane[(by * w) + bx] /= rowsIn * Math.Min(f, width - (bx * f));
        }
    }

    /// <summary>Tent-filters the w x h plane in place and samples it at the exact 64x64 cell centres.</summary>
    private static void Downsample(Span<float> plane, int w, int h, Span<float> output)
    {
        // Window per pass is about half a cell, so two passes cover one output cell. It is made odd, and the cell
        // centres are interpolated rather than rounded to a pixel, so that mirroring or rotating the image mirrors
        // or rotates the 64x64 result exactly: the dihedral hashes derived from one DCT then agree with the hashes
        // of really flipped or rotated copies (the reference's even windows and rounded centres cost ~15 bits here).
        int windowX = CeilDiv(w, 2 * Size) | 1, windowY = CeilDiv(h, 2 * Size) | 1;
        var scratch = ArrayPool<float>.Shared.Rent(w);
        var sums = ArrayPool<double>.Shared.Rent(w);
        try
        {
            for (var pass = 0; pass < Passes; pass++)
            {
                for (var y = 0; y < h; y++)
                    BoxAlongRow(plane.Slice(y * w, w), scratch.AsSpan(0, w), windowX);
                BoxAlongColumns(plane, w, h, windowY, sums.AsSpan(0, w));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
            ArrayPool<double>.Shared.Return(sums);
        }
        Span<int> x0 = stackalloc int[Size];
        Span<float> fx = stackalloc float[Size];
        CellCentres(w, x0, fx);
        Span<int> y0 = stackalloc int[Size];
        Span<float> fy = stackalloc float[Size];
        CellCentres(h, y0, fy);
        for (var i = 0; i < Size; i++)
        {
            var top = plane.Slice(y0[i] * w, w);
            var bottom = plane.Slice(Math.Min(y0[i] + 1, h - 1) * w, w);
            for (var j = 0; j < Size; j++)
            {
                var x1 = Math.Min(x0[j] + 1, w - 1);
                var upper = top[x0[j]] + (fx[j] * (top[x1] - top[x0[j]]));
                var lower = bottom[x0[j]] + (fx[j] * (bottom[x1] - bottom[x0[j]]));
                output[(i * Size) + j] = upper + (fy[i] * (lower - upper));
            }
        }
    }

    /// <summary>Centre of cell i in pixel coordinates (pixel k spans [k, k+1)): integer part and fraction.</summary>
    private static void CellCentres(int length, Span<int> index, Span<float> fraction)
    {
        for (var i = 0; i < Size; i++)
        {
            var centre = Math.Max(0, ((i + 0.5) * length / Size) - 0.5);
            index[i] = Math.Min(length - 1, (int)centre);
            fraction[i] = (float)(centre - index[i]);
        }
    }

    /// <summary>Mean over [i - (n-1)/2, i + n/2] clipped to the row (centred: n is odd).</summary>
    private static void BoxAlongRow(Span<float> row, Span<float> copy, int window)
    {
        if (window <= 1) return;
        row.CopyTo(copy);
        int before = (window - 1) / 2, after = window / 2, n = row.Length;
        double sum = 0;
        int lo = 0, hi = -1; // the current sum covers copy[lo..hi]
        for (var i = 0; i < n; i++)
        {
            var wantHi = Math.Min(n - 1, i + after);
            var wantLo = Math.Max(0, i - before);
            while (hi < wantHi) sum += copy[++hi];
            while (lo < wantLo) sum -= copy[lo++];
            row[i] = (float)(sum / (hi - lo + 1));
        }
    }

    /// <summary>The same box down every column, sweeping whole rows so memory is read in order.</summary>
    private static void BoxAlongColumns(Span<float> plane, int w, int h, int window, Span<double> sums)
    {
        if (window <= 1) return;
        int before = (window - 1) / 2, after = window / 2;
        // Rows leave the window after they were overwritten; keep the original rows that are still needed.
        var history = ArrayPool<float>.Shared.Rent(w * (before + 1));
        try
        {
            sums.Clear();
            int lo = 0, hi = -1;
            for (var i = 0; i < h; i++)
            {
                var wantHi = Math.Min(h - 1, i + after);
                var wantLo = Math.Max(0, i - before);
                while (hi < wantHi) Add(sums, plane.Slice(++hi * w, w), 1);
                while (lo < wantLo) Add(sums, history.AsSpan(lo++ % (before + 1) * w, w), -1);
                var count = hi - lo + 1;
                var row = plane.Slice(i * w, w);
                row.CopyTo(history.AsSpan(i % (before + 1) * w, w));
                for (var x = 0; x < w; x++)
                    row[x] = (float)(sums[x] / count);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(history);
        }
    }

    private static void Add(Span<double> sums, ReadOnlySpan<float> row, int sign)
    {
        for (var x = 0; x < sums.Length; x++)
            sums[x] += sign * row[x];
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
}
