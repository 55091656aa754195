using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Forensics;

/// <summary>
/// The semi-fragile integrity layer, embedded after the copyright mark: every block's six carriers are moved to
/// the nearest point of their keyed lattice (dither quantization). The cost is bounded by half a step whatever the
/// host, so it stays near 48-50 dB; global processing moves carriers a little (and the reader re-fits the gain of
/// each carrier per brightness band), while pasted, moved, filled or blurred content lands anywhere on the lattice.
/// </summary>
public static class IntegrityLayer
{
    /// <summary>Two passes: the second corrects what rounding to 8 bits and clipping took from the first.</summary>
    private const int Passes = 2;

    public static IntegrityEmbedReport Embed(Image<Rgba32> image, WatermarkKey key)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (cols, rows) = IntegrityLayout.GridFor(image.Width, image.Height);
        var layout = new IntegrityLayout(key, cols, rows);
        var carriers = IntegrityLayout.Carriers.Length;
        var subCols = cols * IntegrityLayout.Sub;
        var subRows = rows * IntegrityLayout.Sub;
        double lastError = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var (cells, _) = LumaPlane.From(image).Cells(subCols, subRows);
            var delta = new float[cells.Length];
            var errors = new double[rows];
            Parallel.For(0, rows, j =>
            {
                Span<float> c = stackalloc float[carriers];
                Span<float> move = stackalloc float[carriers];
                for (var i = 0; i < cols; i++)
                {
                    layout.Coefficients(cells, i, j, c);
                    for (var k = 0; k < carriers; k++)
                    {
                        var t = layout.Dither(i, j, k) * IntegrityLayout.Step;
                        var target = (MathF.Round((c[k] - t) / IntegrityLayout.Step) * IntegrityLayout.Step) + t;
                        move[k] = target - c[k];
                        errors[j] += move[k] * move[k];
                    }
                    layout.AddPattern(delta, i, j, move);
                }
            });
            lastError = Math.Sqrt(errors.Sum() / (cols * rows * carriers));
            Render(image, delta, subCols, subRows);
        }
        return new IntegrityEmbedReport(cols, rows, lastError);
    }

    /// <summary>
    /// Adds each sub-cell's luma change to R, G and B (same integer on all three, so luma moves by exactly it),
    /// rounded through a 4×4 ordered dither so a sub-cell's mean change survives rounding even below one grey level.
    /// </summary>
    private static void Render(Image<Rgba32> image, float[] delta, int subCols, int subRows)
    {
        int width = image.Width, height = image.Height;
        var columnCell = new int[width];
        for (var x = 0; x < width; x++)
            columnCell[x] = Math.Min(subCols - 1, (int)(x * (long)subCols / width));
        Parallel.For(0, height, y =>
        {
            var cellRow = Math.Min(subRows - 1, (int)(y * (long)subRows / height)) * subCols;
            var row = image.DangerousGetPixelRowMemory(y).Span;
            for (var x = 0; x < width; x++)
            {
                var d = delta[cellRow + columnCell[x]];
                if (d == 0)
                    continue;
                var change = (int)MathF.Floor(d + Bayer[((y & 3) * 4) + (x & 3)]);
                if (change == 0)
                    continue;
                ref var p = ref row[x];
                p.R = (byte)Math.Clamp(p.R + change, 0, 255);
                p.G = (byte)Math.Clamp(p.G + change, 0, 255);
                p.B = (byte)Math.Clamp(p.B + change, 0, 255);
            }
        });
    }

    /// <summary>Ordered-dither thresholds in (0, 1): floor(d + t) averages to d over a 4×4 patch.</summary>
    private static readonly float[] Bayer = [.. new[] { 0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5 }.Select(v => (v + 0.5f) / 16f)];
}

/// <param name="Cols">Blocks across.</param>
/// <param name="Rows">Blocks down.</param>
/// <param name="RmsMove">RMS carrier move of the last pass (sub-cell grey levels): near zero once the lattice holds.</param>
public sealed record IntegrityEmbedReport(int Cols, int Rows, double RmsMove);
