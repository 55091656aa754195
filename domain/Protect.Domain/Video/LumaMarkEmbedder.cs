using Protect.Domain.Keys;
using Protect.Domain.Marking;

namespace Protect.Domain.Video;

/// <summary>
/// Embeds the 64-bit ID in the luma plane of one yuv420p frame, in place. Works on the byte Y plane directly
/// (no RGB round trip), one weighted pass to measure the cells and one to add the smooth correction field.
/// </summary>
public sealed class LumaMarkEmbedder
{
    /// <summary>
    /// Default lattice step: cells move at most 3 levels; the mark's Y-PSNR is about 47 dB before encoding (step 4
    /// gave 50 dB but lost a Kodak zoom clip at H.264 CRF 35; the floor is 42 dB).
    /// </summary>
    public const double DefaultStep = 6.0;

    private readonly LumaMarkLayout _layout;
    private readonly byte[] _coded;
    private CellGeometry? _geometry;

    public LumaMarkEmbedder(WatermarkKey key, ulong payload, double step = DefaultStep)
    {
        _layout = new LumaMarkLayout(key, step);
        _coded = SoftCodeword.Encode(payload, key);
    }

    /// <summary>Marks the Y plane (the first width*height bytes of a yuv420p frame); returns the sum of squared changes.</summary>
    public double Embed(Span<byte> luma, int width, int height)
    {
        var geometry = _geometry is { } g && g.Width == width && g.Height == height ? g : _geometry = new CellGeometry(width, height);
        var projection = _layout.Project(geometry.CellMeans(luma));
        var cellDelta = new float[LumaMarkLayout.Cells];
        for (var c = 0; c < LumaMarkLayout.Cells; c++)
        {
            var group = _layout.GroupOfCell[c];
            var bit = _coded[_layout.BitOfGroup[group]];
            var shift = DitherModulation.Shift(projection[group], bit, _layout.Step, _layout.Dither[group]);
            cellDelta[c] = (float)(_layout.SignOfCell[c] * shift * geometry.Gain[c]);
        }
        return Apply(luma, geometry, cellDelta);
    }

    private static double Apply(Span<byte> luma, CellGeometry geometry, float[] cellDelta)
    {
        double squared = 0;
        var row = new float[geometry.Width];
        for (var y = 0; y < geometry.Height; y++)
        {
            var baseCell = geometry.RowCell[y] * LumaMarkLayout.Columns;
            var wy = geometry.RowWeight[y];
            for (var x = 0; x < row.Length; x++)
                row[x] = cellDelta[baseCell + geometry.ColumnCell[x]] * geometry.ColumnWeight[x] * wy;
            var line = luma.Slice(y * geometry.Width, geometry.Width);
            for (var x = 0; x < line.Length; x++)
            {
                var value = Math.Clamp((int)MathF.Round(line[x] + row[x]), 0, 255);
                var d = value - line[x];
                squared += d * d;
                line[x] = (byte)value;
            }
        }
        return squared;
    }
}
