using Protect.Domain.Keys;

namespace Protect.Domain.Imaging.Watermarking.Tiled;

/// <summary>
/// The keyed content of the periodic tile (Side×Side cells, repeated over the whole image). A keyed quarter of
/// the cells is a pilot with known ±1 signs: the detector finds the tile's translation, flips and quarter turns by
/// correlating the folded tile with it. The other cells carry the coded bits, each bit on ~9 cells scattered by
/// a keyed shuffle, multiplied by keyed ±1 chips. Without the key the tile is indistinguishable from noise.
/// </summary>
internal sealed class TileLayout
{
    public const int Side = 64;
    public const int Cells = Side * Side;
    public const int PilotCells = Cells / 4;

    private const string Purpose = "protect/image-watermark/v2/tile";

    private TileLayout(float[] pilot, int[] bitOfCell, sbyte[] chip, int codedBits)
    {
        Pilot = pilot;
        BitOfCell = bitOfCell;
        Chip = chip;
        CodedBits = codedBits;
    }

    /// <summary>±1 on pilot cells, 0 on data cells.</summary>
    public float[] Pilot { get; }

    /// <summary>Coded bit of each cell, -1 for pilot cells.</summary>
    public int[] BitOfCell { get; }

    public sbyte[] Chip { get; }

    public int CodedBits { get; }

    public static TileLayout Create(WatermarkKey key, int codedBits)
    {
        ArgumentNullException.ThrowIfNull(key);
        var random = new KeyedRandom(key.Derive(Purpose));
        var order = new int[Cells];
        for (var i = 0; i < Cells; i++)
            order[i] = i;
        for (var i = Cells - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var pilot = new float[Cells];
        var bitOfCell = new int[Cells];
        var chip = new sbyte[Cells];
        for (var n = 0; n < Cells; n++)
        {
            var cell = order[n];
            var sign = (random.NextUInt64() & 1) == 0 ? (sbyte)1 : (sbyte)-1;
            chip[cell] = sign;
            if (n < PilotCells)
            {
                pilot[cell] = sign;
                bitOfCell[cell] = -1;
            }
            else
            {
                bitOfCell[cell] = (n - PilotCells) % codedBits; // round-robin: every bit gets the same count ±1
            }
        }
        return new TileLayout(pilot, bitOfCell, chip, codedBits);
    }

    /// <summary>The ±1 tile for one codeword: pilot signs and chip × (coded bit as ±1).</summary>
    public float[] Render(ReadOnlySpan<byte> coded)
    {
        if (coded.Length != CodedBits)
            throw new ArgumentException($"Expected {CodedBits} coded bits.", nameof(coded));
        var tile = new float[Cells];
        for (var i = 0; i < Cells; i++)
            tile[i] = BitOfCell[i] < 0 ? Pilot[i] : Chip[i] * (coded[BitOfCell[i]] == 1 ? 1f : -1f);
        return tile;
    }

    /// <summary>Soft coded bits from per-cell readings (positive means 1).</summary>
    public float[] Demodulate(ReadOnlySpan<float> cells)
    {
        var soft = new float[CodedBits];
        for (var i = 0; i < Cells; i++)
        {
            if (BitOfCell[i] >= 0)
                soft[BitOfCell[i]] += Chip[i] * cells[i];
        }
        return soft;
    }
}
