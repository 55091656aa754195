using Protect.Domain.Keys;

namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// The keyed spread-spectrum layout: a <see cref="TileSide"/>×<see cref="TileSide"/>-cell tile, repeated over the
/// whole grid, that says which coded bit each cell carries and with which ±1 chip. An eighth of the tile is a
/// keyed pilot with known signs. The repetition is what lets the detector resynchronize: the drawn mark is
/// periodic in pixels, so its lattice shows in the autocorrelation of a cropped or rotated copy, and the pilot
/// then finds the tile's translation, flips and quarter turns. Cells are dealt round-robin before a keyed
/// shuffle, so every coded bit owns the same number of cells (±1) in each tile, and its chips alternate so a
/// flat host cancels. Without the key the tile is unknown and the mark reads as noise.
/// </summary>
internal sealed class KeyedLayout
{
    public const int TileSide = 32;
    public const int TileCells = TileSide * TileSide;

    /// <summary>Enough for a clear alignment peak among the 8 × (2·side)² hypotheses, cheap in data capacity.</summary>
    public const int PilotCells = TileCells / 8;

    private const string Purpose = "protect/image-watermark/v3/tile";

    private readonly int[] _bitOfCell; // per tile cell; -1 on pilot cells
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
        if (gridSize <= 0 || gridSize % TileSide != 0)
            throw new ArgumentOutOfRangeException(nameof(gridSize), $"The grid must be a multiple of {TileSide} cells.");
        if (codedBits <= 0 || TileCells - PilotCells < codedBits)
            throw new ArgumentOutOfRangeException(nameof(codedBits), "The tile needs at least one data cell per coded bit.");

        var bitOfCell = new int[TileCells];
        var chip = new sbyte[TileCells];
        for (var i = 0; i < TileCells; i++)
        {
            var data = i - PilotCells;
            bitOfCell[i] = data < 0 ? -1 : data % codedBits;
            chip[i] = (sbyte)(data < 0 ? (i % 2 == 0 ? 1 : -1) : (data / codedBits) % 2 == 0 ? 1 : -1);
        }

        var random = new KeyedRandom(key.Derive(Purpose));
        for (var i = TileCells - 1; i > 0; i--) // Fisher-Yates, moving bit and chip together
        {
            var j = random.NextInt(i + 1);
            (bitOfCell[i], bitOfCell[j]) = (bitOfCell[j], bitOfCell[i]);
            (chip[i], chip[j]) = (chip[j], chip[i]);
        }
        return new KeyedLayout(gridSize, codedBits, bitOfCell, chip);
    }

    /// <summary>The pilot as a tile: its ±1 signs on pilot cells, 0 on data cells.</summary>
    public float[] Pilot()
    {
        var pilot = new float[TileCells];
        for (var i = 0; i < TileCells; i++)
            pilot[i] = _bitOfCell[i] < 0 ? _chip[i] : 0;
        return pilot;
    }

    /// <summary>
    /// Multiplies each grid cell by its chip and by +1/-1 for coded bit 1/0 and its bit's gain (if given); pilot
    /// cells by their sign alone.
    /// </summary>
    public void Modulate(ReadOnlySpan<byte> coded, ReadOnlySpan<float> gains, Span<float> cells)
    {
        CheckLengths(coded.Length, cells.Length);
        if (!gains.IsEmpty && gains.Length != CodedBits)
            throw new ArgumentException($"Expected {CodedBits} gains.", nameof(gains));
        for (var i = 0; i < cells.Length; i++)
        {
            var t = TileIndex(i);
            var bit = _bitOfCell[t];
            if (bit < 0)
            {
                cells[i] *= _chip[t];
                continue;
            }
            var gain = gains.IsEmpty ? 1f : gains[bit];
            cells[i] *= (coded[bit] == 1 ? _chip[t] : -_chip[t]) * gain;
        }
    }

    /// <summary>Correlates grid cells with the chips, summing per coded bit: the soft value of each coded bit.</summary>
    public float[] Demodulate(ReadOnlySpan<float> cells)
    {
        CheckLengths(CodedBits, cells.Length);
        return DemodulateTile(FoldGrid(cells, GridSize));
    }

    /// <summary>Soft coded bits from one tile's worth of cell readings (e.g. all repetitions summed).</summary>
    public float[] DemodulateTile(ReadOnlySpan<float> tile)
    {
        if (tile.Length != TileCells)
            throw new ArgumentException($"Expected {TileCells} tile cells.", nameof(tile));
        var soft = new float[CodedBits];
        for (var i = 0; i < TileCells; i++)
        {
            if (_bitOfCell[i] >= 0)
                soft[_bitOfCell[i]] += _chip[i] * tile[i];
        }
        return soft;
    }

    /// <summary>Sums every repetition of the tile in a grid onto one tile (key-independent, so shared by all keys).</summary>
    public static float[] FoldGrid(ReadOnlySpan<float> cells, int gridSize)
    {
        if (cells.Length != gridSize * gridSize || gridSize % TileSide != 0)
            throw new ArgumentException("Expected a square grid that is a whole number of tiles.", nameof(cells));
        var tile = new float[TileCells];
        for (var y = 0; y < gridSize; y++)
        {
            var row = cells.Slice(y * gridSize, gridSize);
            var target = tile.AsSpan((y % TileSide) * TileSide, TileSide);
            for (var x = 0; x < gridSize; x++)
                target[x % TileSide] += row[x];
        }
        return tile;
    }

    private int TileIndex(int cell) => ((cell / GridSize % TileSide) * TileSide) + (cell % GridSize % TileSide);

    private void CheckLengths(int codedBits, int cells)
    {
        if (codedBits != CodedBits || cells != GridSize * GridSize)
            throw new ArgumentException($"Layout is {GridSize}x{GridSize} cells for {CodedBits} coded bits.");
    }
}
