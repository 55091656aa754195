using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Keys;
using Protect.Domain.Marking;

namespace Protect.Domain.Video;

/// <summary>
/// Where the video mark lives, derived from the key only. Every frame is cut into a 64x40 grid of cells defined as
/// fractions of the frame (so a downscaled copy has the same cells); cells are dealt by a keyed permutation into
/// groups of 8 with keyed signs (4 plus, 4 minus: a zero-sum spreading vector, so a global brightness offset
/// cancels); each group carries one coded bit by dither modulation of its projection. 320 groups carry the
/// 306 coded bits, the first 14 twice. The same mark in every frame: H.264's skipped blocks keep it intact.
/// </summary>
public sealed class LumaMarkLayout
{
    public const int Columns = 64;
    public const int Rows = 40;
    public const int Cells = Columns * Rows;
    public const int GroupSize = 8;
    public const int Groups = Cells / GroupSize;
    private const string Purpose = "protect/video-luma/layout/v1";

    public LumaMarkLayout(WatermarkKey key, double step)
    {
        ArgumentNullException.ThrowIfNull(key);
        Step = step;
        var random = new KeyedRandom(key.Derive(Purpose));
        var cells = Enumerable.Range(0, Cells).ToArray();
        Shuffle(cells, random);
        GroupOfCell = new int[Cells];
        SignOfCell = new sbyte[Cells];
        Span<sbyte> signs = stackalloc sbyte[GroupSize];
        for (var g = 0; g < Groups; g++)
        {
            for (var j = 0; j < GroupSize; j++) signs[j] = (sbyte)(j < GroupSize / 2 ? 1 : -1);
            Shuffle(signs, random);
            for (var j = 0; j < GroupSize; j++)
            {
                GroupOfCell[cells[g * GroupSize + j]] = g;
                SignOfCell[cells[g * GroupSize + j]] = signs[j];
            }
        }
        Dither = new double[Groups];
        for (var g = 0; g < Groups; g++) Dither[g] = random.NextUInt64() / 18446744073709551616.0 * step;
        BitOfGroup = new int[Groups];
        for (var g = 0; g < Groups; g++) BitOfGroup[g] = g % SoftCodeword.CodedBits;
    }

    /// <summary>Lattice step of a group's projection, in 8-bit luma levels (each cell moves at most Step/2).</summary>
    public double Step { get; }
    public int[] GroupOfCell { get; }
    public sbyte[] SignOfCell { get; }
    public double[] Dither { get; }
    public int[] BitOfGroup { get; }

    /// <summary>Per group: the mean of sign x cell mean over its cells.</summary>
    public double[] Project(ReadOnlySpan<double> cellMeans)
    {
        var projection = new double[Groups];
        for (var c = 0; c < Cells; c++) projection[GroupOfCell[c]] += SignOfCell[c] * cellMeans[c];
        for (var g = 0; g < Groups; g++) projection[g] /= GroupSize;
        return projection;
    }

    private static void Shuffle<T>(Span<T> items, KeyedRandom random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
