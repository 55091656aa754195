using System.Globalization;

namespace Protect.Domain.Forensics;

/// <summary>
/// Clues that need no mark: error level (how much a JPEG 90 re-quantization would still remove, relative to the
/// block's detail), noise-residual inconsistency and JPEG double-quantization traces (blocks whose DCT coefficients
/// fall off the quantization lattice the rest of the picture shows). Each gives a 16-px heat map and a confidence
/// that is deliberately modest: textures, smooth skies and single compressions mislead all three.
/// </summary>
public static class PassiveClues
{
    public const int Cell = 16;

    public static PassiveAnalysis Analyze(LumaPlane luma)
    {
        ArgumentNullException.ThrowIfNull(luma);
        if (luma.Width < 4 * Cell || luma.Height < 4 * Cell)
            return new PassiveAnalysis([], null);
        var blocks = JpegBlocks.From(luma);
        int cols = blocks.Cols / 2, rows = blocks.Rows / 2;
        var quant = DoubleQuantization.Estimate(blocks);
        var ela = HeatStats.Normalize(Pool(blocks, cols, rows, ErrorLevel(blocks)), cols, rows);
        var noise = HeatStats.Normalize(NoiseLevel(luma, cols, rows), cols, rows, twoSided: true);
        var dq = quant.Steps.Count >= 4 ? HeatStats.Normalize(Pool(blocks, cols, rows, quant.Misfit(blocks)), cols, rows) : new float[cols * rows];
        var quality = quant.Quality is { } q ? string.Create(CultureInfo.InvariantCulture, $" (estimated JPEG quality ~{q})") : "";
        return new PassiveAnalysis(
        [
            Clue("error-level", ela, cols, rows, 0.3, "re-compressing at JPEG 90 removes unusually much detail"),
            Clue("noise-inconsistency", noise, cols, rows, 0.3, "the fine-grain noise differs from the rest of the picture"),
            Clue("jpeg-double-quantization", dq, cols, rows, 0.6 * quant.Steps.Count / DoubleQuantization.Frequencies.Length,
                quant.Steps.Count >= 4 ? $"the JPEG quantization grid of the picture{quality} does not fit" : "no earlier JPEG compression found, so this clue is silent"),
        ], quant.Quality);
    }

    private static TamperClue Clue(string name, float[] heat, int cols, int rows, double confidence, string what)
    {
        var sorted = heat.Order().ToArray();
        var top = sorted.Length == 0 ? 0 : sorted[(int)(0.98 * (sorted.Length - 1))];
        var median = sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
        var score = Math.Clamp(top - median, 0, 1);
        var summary = confidence <= 0
            ? string.Concat(what[..1].ToUpperInvariant(), what[1..], ".")
            : string.Create(CultureInfo.InvariantCulture, $"Strongest 2% of the picture scores {top:0.00} against {median:0.00} typical: {what}.");
        return new TamperClue(name, score, Math.Round(confidence, 2), summary) { Heat = new HeatMap(cols, rows, heat) };
    }

    /// <summary>Re-quantization loss at JPEG 90 over the block's AC energy (detail alone should not light up).</summary>
    private static float[] ErrorLevel(JpegBlocks blocks)
    {
        var table = JpegBlocks.TableFor(90);
        var result = new float[blocks.Cols * blocks.Rows];
        Parallel.For(0, result.Length, b =>
        {
            var c = blocks.Coefficients.AsSpan(b * 64, 64);
            float loss = 0, energy = 0;
            for (var f = 1; f < 64; f++)
            {
                var e = c[f] - (MathF.Round(c[f] / table[f]) * table[f]);
                loss += e * e;
                energy += c[f] * c[f];
            }
            result[b] = loss / (energy + 64f);
        });
        return result;
    }

    /// <summary>Mean absolute Laplacian residual per 16-px cell, on a log scale.</summary>
    private static float[] NoiseLevel(LumaPlane luma, int cols, int rows)
    {
        var result = new float[cols * rows];
        int width = luma.Width;
        var v = luma.Values;
        Parallel.For(0, rows, j =>
        {
            for (var i = 0; i < cols; i++)
            {
                float sum = 0;
                for (var y = Math.Max(1, j * Cell); y < Math.Min(luma.Height - 1, (j + 1) * Cell); y++)
                {
                    var o = y * width;
                    for (var x = Math.Max(1, i * Cell); x < Math.Min(width - 1, (i + 1) * Cell); x++)
                        sum += MathF.Abs(v[o + x] - (0.25f * (v[o + x - 1] + v[o + x + 1] + v[o + x - width] + v[o + x + width])));
                }
                result[(j * cols) + i] = MathF.Log(0.5f + (sum / (Cell * Cell)));
            }
        });
        return result;
    }

    /// <summary>2×2 mean of 8×8-block values onto 16-px cells.</summary>
    private static float[] Pool(JpegBlocks blocks, int cols, int rows, float[] values)
    {
        var result = new float[cols * rows];
        for (var j = 0; j < rows; j++)
        {
            for (var i = 0; i < cols; i++)
            {
                int a = (2 * j * blocks.Cols) + (2 * i), b = a + blocks.Cols;
                result[(j * cols) + i] = 0.25f * (values[a] + values[a + 1] + values[b] + values[b + 1]);
            }
        }
        return result;
    }
}

/// <summary>The passive clues and, when the picture was JPEG-compressed, the quality it most likely had.</summary>
public sealed record PassiveAnalysis(IReadOnlyList<TamperClue> Clues, int? JpegQuality);
