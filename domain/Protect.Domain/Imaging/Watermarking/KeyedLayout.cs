using System.Globalization;
using Protect.Domain.Keys;

namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// The keyed spread-spectrum layout of one grid size: which coded bit each grid cell carries and with which ±1
/// chip. Cells are dealt round-robin before a keyed shuffle, so every coded bit owns the same number of cells
/// (±1) scattered over the whole image, and each bit's chips are balanced so a flat host region cancels out.
/// Without the key the layout is unknown and the mark reads as noise.
/// </summary>
internal sealed class KeyedLayout
{
    private readonly int[] _bitOfCell;
    private readonly sbyte[] _chip;

    private KeyedLayout(int gridSize, int codedBits, int[] bitOfCell, sbyte[] chip)
    {
        GridSize = gridSize;
        CodedBits = codedBits;
        _bitOfCell = bitOfCell;
        _chip = chip;
    }

    public int GridSize { get; }

    public int CodedBits { get; }

    public static KeyedLayout Create(WatermarkKey key, int gridSize, int codedBits)
    {
        ArgumentNullException.ThrowIfNull(key);
        var cells = gridSize * gridSize;
        if (codedBits <= 0 || cells < codedBits)
            throw new ArgumentOutOfRangeException(nameof(codedBits), "The grid needs at least one cell per coded bit.");

        var bitOfCell = new int[cells];
        var chip = new sbyte[cells];
        for (var i = 0; i < cells; i++)
        {
            bitOfCell[i] = i % codedBits;
            chip[i] = (sbyte)((i / codedBits) % 2 == 0 ? 1 : -1);
        }

        var purpose = "protect/image-watermark/v1/layout/" + gridSize.ToString(CultureInfo.InvariantCulture);
        var random = new KeyedRandom(key.Derive(purpose));
        for (var i = cells - 1; i > 0; i--) // Fisher-Yates, moving bit and chip together
        {
            var j = random.NextInt(i + 1);
            (bitOfCell[i], bitOfCell[j]) = (bitOfCell[j], bitOfCell[i]);
            (chip[i], chip[j]) = (chip[j], chip[i]);
        }
        return new KeyedLayout(gridSize, codedBits, bitOfCell, chip);
    }

    /// <summary>Multiplies each cell by its chip, by +1/-1 for coded bit 1/0 and by its bit's gain (if given).</summary>
    public void Modulate(ReadOnlySpan<byte> coded, ReadOnlySpan<float> gains, Span<float> cells)
    {
        CheckLengths(coded.Length, cells.Length);
        if (!gains.IsEmpty && gains.Length != CodedBits)
            throw new ArgumentException($"Expected {CodedBits} gains.", nameof(gains));
        for (var i = 0; i < cells.Length; i++)
        {
            var bit = _bitOfCell[i];
            var gain = gains.IsEmpty ? 1f : gains[bit];
            cells[i] *= (coded[bit] == 1 ? _chip[i] : -_chip[i]) * gain;
        }
    }

    /// <summary>Correlates cell values with the chips, summing per coded bit: the soft value of each coded bit.</summary>
    public float[] Demodulate(ReadOnlySpan<float> cells)
    {
        var soft = new float[CodedBits];
        CheckLengths(soft.Length, cells.Length);
        for (var i = 0; i < cells.Length; i++)
            soft[_bitOfCell[i]] += _chip[i] * cells[i];
        return soft;
    }

    private void CheckLengths(int codedBits, int cells)
    {
        if (codedBits != CodedBits || cells != GridSize * GridSize)
            throw new ArgumentException($"Layout is {GridSize}x{GridSize} cells for {CodedBits} coded bits.");
    }
}
