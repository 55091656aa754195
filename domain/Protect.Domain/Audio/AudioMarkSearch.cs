namespace Protect.Domain.Audio;

/// <summary>
/// Pure search over frame grids in the detector's dense soft values (one row of 7 per 16-sample position). A grid
/// is a speed s (the frame hop becomes 1024/s samples: atempo keeps the spectrum and shortens time), an offset
/// (the first frame's position) and a block phase; its score is the z-score of the keyed sync bits it sees, about
/// N(0, 1) on unmarked audio whatever the speed or length, so grids of different speeds compare fairly.
/// </summary>
internal sealed class AudioMarkSearch
{
    /// <summary>Speeds are searched on this many seconds only: the cost stays bounded on long files.</summary>
    public const int SpeedWindowSeconds = 12;
    private const int G = AudioMarkLayout.GroupsPerFrame;
    private const int P = AudioMarkDetector.PositionsPerFrame;

    /// <summary>
    /// Speeds from 0.87x to 1.15x, 0.16% apart: over the 12-s window a grid between two of them drifts at most
    /// ±10 ms from the true one, a sixth of a frame.
    /// </summary>
    public static readonly double[] Speeds = MakeSpeeds();

    private readonly AudioMarkLayout _layout;
    private readonly int[] _syncStart = new int[AudioMarkLayout.BlockFrames + 1];
    private readonly int[] _syncGroup;
    private readonly float[] _syncSign;

    public AudioMarkSearch(AudioMarkLayout layout)
    {
        _layout = layout;
        var groups = new List<int>();
        var signs = new List<float>();
        for (var j = 0; j < AudioMarkLayout.BlockFrames; j++)
        {
            _syncStart[j] = groups.Count;
            for (var g = 0; g < G; g++)
            {
                var content = layout.SlotContent[AudioMarkLayout.Slot(j, g)];
                if (content >= 0) continue;
                groups.Add(g);
                signs.Add(content == -2 ? 1 : -1);
            }
        }
        _syncStart[^1] = groups.Count;
        _syncGroup = [.. groups];
        _syncSign = [.. signs];
    }

    public readonly record struct Grid(double Speed, int Offset, int Phase, double Z);

    /// <summary>The grid with the highest sync z-score among <paramref name="speeds"/>, on the first <paramref name="positions"/> positions.</summary>
    public Grid Best(ReadOnlySpan<float> soft, ReadOnlySpan<double> speeds, int positions)
    {
        var best = new Grid(1, 0, 0, double.NegativeInfinity);
        var frames = new float[((int)(positions / (P * 0.85)) + 2) * G];
        foreach (var speed in speeds)
        {
            var hop = P / speed;
            for (var offset = 0; offset < (int)Math.Ceiling(hop); offset++)
            {
                var count = Gather(soft, speed, offset, positions, frames);
                for (var phase = 0; phase < AudioMarkLayout.BlockFrames; phase++)
                {
                    var z = SyncZ(frames.AsSpan(0, count * G), phase);
                    if (z > best.Z) best = new Grid(speed, offset, phase, z);
                }
            }
        }
        return best;
    }

    /// <summary>Adds the grid's soft values into <paramref name="coded"/>; returns its sync agreement, sync z-score and audible frames.</summary>
    public (double Agreement, double Z, int Audible) Accumulate(ReadOnlySpan<float> soft, Grid grid, int positions, Span<float> coded)
    {
        double score = 0, magnitude = 0, norm = 0;
        var audible = 0;
        for (var k = 0; ; k++)
        {
            var at = grid.Offset + (long)Math.Round(k * P / grid.Speed);
            if (at >= positions) break;
            var row = soft.Slice((int)at * G, G);
            if (row[0] == 0) continue;
            audible++;
            var j = (k + grid.Phase) % AudioMarkLayout.BlockFrames;
            for (var g = 0; g < G; g++)
            {
                var content = _layout.SlotContent[AudioMarkLayout.Slot(j, g)];
                if (content >= 0) { coded[content] += row[g]; continue; }
                var v = content == -2 ? row[g] : -row[g];
                score += v;
                magnitude += Math.Abs(v);
                norm += v * (double)v;
            }
        }
        return (magnitude > 0 ? score / magnitude : 0, norm > 0 ? score / Math.Sqrt(norm) : 0, audible);
    }

    private static int Gather(ReadOnlySpan<float> soft, double speed, int offset, int positions, float[] frames)
    {
        var count = 0;
        for (var k = 0; ; k++)
        {
            var at = offset + (long)Math.Round(k * P / speed);
            if (at >= positions || (count + 1) * G > frames.Length) break;
            soft.Slice((int)at * G, G).CopyTo(frames.AsSpan(count++ * G, G));
        }
        return count;
    }

    private double SyncZ(ReadOnlySpan<float> frames, int phase)
    {
        double score = 0, norm = 0;
        var count = frames.Length / G;
        var j = phase;
        for (var k = 0; k < count; k++)
        {
            for (var e = _syncStart[j]; e < _syncStart[j + 1]; e++)
            {
                var v = frames[k * G + _syncGroup[e]];
                score += _syncSign[e] * v;
                norm += v * v;
            }
            if (++j == AudioMarkLayout.BlockFrames) j = 0;
        }
        return norm > 0 ? score / Math.Sqrt(norm) : 0;
    }

    private static double[] MakeSpeeds()
    {
        var speeds = new List<double>();
        for (var s = 0.87; s <= 1.15; s *= 1.0016)
            if (Math.Abs(s - 1) > 0.0008) speeds.Add(s);
        return [.. speeds];
    }
}
