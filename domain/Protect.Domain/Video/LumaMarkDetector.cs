using Protect.Domain.Keys;
using Protect.Domain.Marking;

namespace Protect.Domain.Video;

/// <summary>
/// Reads the luma mark frame by frame and adds each frame's soft bits into one accumulator, so evidence grows
/// with every frame seen; <see cref="Read"/> decodes the sum. Any frame size: the cells are fractions of the frame.
/// </summary>
public sealed class LumaMarkDetector
{
    private readonly WatermarkKey _key;
    private readonly LumaMarkLayout _layout;
    private readonly float[] _soft = new float[SoftCodeword.CodedBits];
    private CellGeometry? _geometry;

    public LumaMarkDetector(WatermarkKey key, double step = LumaMarkEmbedder.DefaultStep)
    {
        _key = key;
        _layout = new LumaMarkLayout(key, step);
    }

    public int Frames { get; private set; }

    public void Accumulate(ReadOnlySpan<byte> luma, int width, int height)
    {
        var geometry = _geometry is { } g && g.Width == width && g.Height == height ? g : _geometry = new CellGeometry(width, height);
        var projection = _layout.Project(geometry.CellMeans(luma));
        for (var group = 0; group < LumaMarkLayout.Groups; group++)
            _soft[_layout.BitOfGroup[group]] += DitherModulation.Soft(projection[group], _layout.Step, _layout.Dither[group]);
        Frames++;
    }

    public MarkReading Read() => Frames == 0 ? MarkReading.NotDetected : SoftCodeword.Decode(_soft, _key);
}
