using System.Numerics;
using Protect.Domain.Keys;
using Protect.Domain.Marking;

namespace Protect.Domain.Audio;

/// <summary>
/// Finds and reads the audio mark in a 16 kHz mono stream of unknown alignment and speed (an excerpt starts
/// anywhere; atempo shortens time but keeps the spectrum). Every 16 samples a 1024-sample sub-frame is analysed
/// (band powers, kept in a ring of 128 rows), and the 2048-sample frame that ends there gets its 7 soft values
/// (lattice phases; the dither is per group, so they do not depend on the frame's place in the block) and 7 group
/// energies (for <see cref="NoiseWeights"/>): 56 bytes per millisecond, capped at <see cref="MaxSeconds"/>. <see cref="Read"/> then searches frame grids
/// (speed x offset x block phase) by their keyed sync bits and decodes the best; the 1x grid first, the speed
/// grids only when it does not decode.
/// </summary>
public sealed class AudioMarkDetector
{
    public const int OffsetStep = 16;
    public const int PositionsPerFrame = AudioMarkLayout.FrameLength / OffsetStep;
    /// <summary>Evidence beyond this is not kept: memory stays bounded (about 6.7 MB) on long files.</summary>
    public const int MaxSeconds = 120;
    private const int MaxPositions = MaxSeconds * AudioMarkLayout.SampleRate / OffsetStep;
    private const int G = AudioMarkLayout.GroupsPerFrame;
    private const int SubStep = AudioMarkLayout.SubLength / OffsetStep;
    private const int RingRows = 128;

    private readonly WatermarkKey _key;
    private readonly AudioMarkLayout _layout;
    private readonly Complex[] _spectrum = new Complex[AudioMarkLayout.SubLength];
    private readonly double[] _power = new double[AudioMarkLayout.Units];
    private readonly double[] _ring = new double[RingRows * AudioMarkLayout.Bands];
    private readonly double[] _ringEnergy = new double[RingRows];
    private long _subFrames;
    private readonly double[] _projection = new double[G];
    private float[] _soft = new float[1 << 16];
    private float[] _energy = new float[1 << 16];
    private int _positions;
    private float[] _pending = new float[1 << 15];
    private int _pendingCount;

    public AudioMarkDetector(WatermarkKey key, double step = AudioMarkEmbedder.DefaultStep)
    {
        _key = key;
        _layout = new AudioMarkLayout(key, step);
    }

    /// <summary>Adds more 16 kHz mono samples.</summary>
    public void Push(ReadOnlySpan<float> samples)
    {
        if (_pendingCount + samples.Length > _pending.Length)
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingCount + samples.Length));
        samples.CopyTo(_pending.AsSpan(_pendingCount));
        _pendingCount += samples.Length;
        var start = 0;
        while (start + AudioMarkLayout.SubLength <= _pendingCount && _positions < MaxPositions)
        {
            AnalyseSubFrame(_pending.AsSpan(start, AudioMarkLayout.SubLength));
            start += OffsetStep;
        }
        if (_positions >= MaxPositions) start = _pendingCount;
        _pending.AsSpan(start, _pendingCount - start).CopyTo(_pending);
        _pendingCount -= start;
    }

    private void AnalyseSubFrame(ReadOnlySpan<float> samples)
    {
        var row = (int)(_subFrames % RingRows);
        _ringEnergy[row] = AudioFrameMark.SubFramePowers(samples, _spectrum, _ring.AsSpan(row * AudioMarkLayout.Bands, AudioMarkLayout.Bands));
        if (++_subFrames > (AudioMarkLayout.SubFrames - 1) * SubStep) AnalyseFrame(_subFrames - 1 - (AudioMarkLayout.SubFrames - 1) * SubStep);
    }

    /// <summary>The frame starting at sub-frame position <paramref name="first"/>: its 4 sub-frames are in the ring.</summary>
    private void AnalyseFrame(long first)
    {
        if ((_positions + 1) * G > _soft.Length)
        {
            Array.Resize(ref _soft, _soft.Length * 2);
            Array.Resize(ref _energy, _soft.Length);
        }
        var soft = _soft.AsSpan(_positions * G, G);
        var groupEnergy = _energy.AsSpan(_positions++ * G, G);
        double energy = 0;
        for (var s = 0; s < AudioMarkLayout.SubFrames; s++)
        {
            var row = (int)((first + s * SubStep) % RingRows);
            energy += _ringEnergy[row];
            _ring.AsSpan(row * AudioMarkLayout.Bands, AudioMarkLayout.Bands).CopyTo(_power.AsSpan(s * AudioMarkLayout.Bands));
        }
        // A silent frame keeps soft values of exactly 0: no evidence either way.
        if (Math.Sqrt(energy / AudioMarkLayout.FrameLength) < AudioFrameMark.SilenceRms) return;
        _layout.Project(_power, _projection);
        for (var u = 0; u < AudioMarkLayout.Units; u++) groupEnergy[_layout.GroupOfUnit[u]] += (float)_power[u];
        for (var g = 0; g < G; g++)
        {
            var s = _layout.Soft(_projection[g], g);
            soft[g] = s == 0 ? float.Epsilon : s;
        }
    }

    /// <summary>The best-synchronised grid: its decode, its sync agreement in [-1, 1] and its sync z-score (presence evidence).</summary>
    public AudioMarkReading Read()
    {
        var soft = _soft.AsSpan(0, _positions * G);
        NoiseWeights.Apply(soft, _energy.AsSpan(0, _positions * G), G);
        var search = new AudioMarkSearch(_layout);
        var reading = Decode(search, soft, search.Best(soft, [1.0], _positions), attempts: 1);
        if (reading.Mark.Detected || reading.AudibleSeconds == 0) return reading;
        // Not decoded at 1x: search the speed grids on the first seconds, and decode the best over the whole file.
        // A second decode doubles the false-match bound (2 x 2^-32).
        var window = Math.Min(_positions, AudioMarkSearch.SpeedWindowSeconds * AudioMarkLayout.SampleRate / OffsetStep);
        var stretched = Decode(search, soft, search.Best(soft, AudioMarkSearch.Speeds, window), attempts: 2);
        return stretched.Mark.Detected || stretched.SyncZ > reading.SyncZ ? stretched : reading;
    }

    private AudioMarkReading Decode(AudioMarkSearch search, ReadOnlySpan<float> soft, AudioMarkSearch.Grid grid, int attempts)
    {
        var coded = new float[SoftCodeword.CodedBits];
        var (agreement, z, audible) = search.Accumulate(soft, grid, _positions, coded);
        var mark = audible == 0 ? MarkReading.NotDetected : SoftCodeword.Decode(coded, _key, attempts);
        return new AudioMarkReading(mark, agreement, audible * AudioMarkLayout.FrameLength / grid.Speed / AudioMarkLayout.SampleRate, z, grid.Speed);
    }
}

/// <param name="Mark">The decoded ID (or not detected).</param>
/// <param name="SyncAgreement">Agreement of the keyed sync bits at the best alignment: near 1 when marked, small for unmarked audio.</param>
/// <param name="AudibleSeconds">Seconds of non-silent audio that gave evidence.</param>
/// <param name="SyncZ">The sync agreement as a z-score (about N(0,1) on unmarked audio for one grid); presence evidence.</param>
/// <param name="Speed">The speed of the decoded grid (1 unless the audio was time-stretched).</param>
public sealed record AudioMarkReading(MarkReading Mark, double SyncAgreement, double AudibleSeconds, double SyncZ = 0, double Speed = 1)
{
    /// <summary>
    /// Sync z-score above which the mark counts as present without a decode: the best of the about 1.2 million grids
    /// searched on unmarked audio (174 speeds x up to 148 offsets x 52 phases) stays under it except with
    /// probability about 5e-5 (Gaussian tail). Unmarked speech measured 4.2-4.8; a 1-s marked excerpt reaches only
    /// about 3.5 (8 sync slots), so presence in 1 s is not shown by this score.
    /// </summary>
    public const double PresenceZ = 6.5;

    public bool Present => Mark.Detected || SyncZ >= PresenceZ;
}
