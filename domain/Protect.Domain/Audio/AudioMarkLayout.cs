using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Keys;
using Protect.Domain.Marking;

namespace Protect.Domain.Audio;

/// <summary>
/// Where the audio mark lives, derived from the key only. The mark is defined on 16 kHz mono (what every
/// attack in scope keeps: codecs, resampling, downmix): frames of 1024 samples (64 ms); the 224 FFT bins from
/// 500 Hz to 4 kHz are pooled into 56 units of 4 bins (62.5 Hz), dealt into 7 groups of 8 with zero-sum keyed signs (a volume change adds the same
/// constant to every log magnitude and cancels); each group's projection carries one bit by dither modulation.
/// A block of 52 frames (3.3 s) holds 364 slots: 306 coded bits and 58 known keyed sync bits, which tell
/// the detector where a block starts in an excerpt.
/// </summary>
public sealed class AudioMarkLayout
{
    public const int SampleRate = 16_000;
    public const int FrameLength = 1024;
    public const int FirstBin = 32;   // 500 Hz
    public const int BandBins = 224;  // to 4 kHz
    /// <summary>Adjacent bins pooled into one unit: codecs keep a band's energy far better than each bin's.</summary>
    public const int UnitBins = 4;
    public const int Units = BandBins / UnitBins;
    public const int GroupSize = 8;
    public const int GroupsPerFrame = Units / GroupSize;
    public const int BlockFrames = 52;
    public const int Slots = BlockFrames * GroupsPerFrame;
    private const string Purpose = "protect/audio-stft/layout/v1";

    public AudioMarkLayout(WatermarkKey key, double step)
    {
        ArgumentNullException.ThrowIfNull(key);
        Step = step;
        var random = new KeyedRandom(key.Derive(Purpose));
        var bins = Enumerable.Range(0, Units).ToArray();
        Shuffle(bins, random);
        GroupOfBin = new int[Units];
        SignOfBin = new sbyte[Units];
        Span<sbyte> signs = stackalloc sbyte[GroupSize];
        for (var g = 0; g < GroupsPerFrame; g++)
        {
            for (var j = 0; j < GroupSize; j++) signs[j] = (sbyte)(j < GroupSize / 2 ? 1 : -1);
            Shuffle(signs, random);
            for (var j = 0; j < GroupSize; j++)
            {
                GroupOfBin[bins[g * GroupSize + j]] = g;
                SignOfBin[bins[g * GroupSize + j]] = signs[j];
            }
        }
        Dither = new double[Slots];
        for (var s = 0; s < Slots; s++) Dither[s] = random.NextUInt64() / 18446744073709551616.0 * step;
        var slots = Enumerable.Range(0, Slots).ToArray();
        Shuffle(slots, random);
        // Slot content: >= 0 a coded bit index, -1 sync bit 0, -2 sync bit 1.
        SlotContent = new int[Slots];
        for (var i = 0; i < Slots; i++)
            SlotContent[slots[i]] = i < SoftCodeword.CodedBits ? i : -1 - (int)(random.NextUInt64() & 1);
    }

    public double Step { get; }
    public int[] GroupOfBin { get; }
    public sbyte[] SignOfBin { get; }

    /// <summary>Per slot (frame in block x group): the lattice offset.</summary>
    public double[] Dither { get; }

    public int[] SlotContent { get; }

    public static int Slot(int frameInBlock, int group) => frameInBlock * GroupsPerFrame + group;

    /// <summary>Per group: mean of sign x log magnitude over its units.</summary>
    public void Project(ReadOnlySpan<double> logMagnitude, Span<double> projection)
    {
        projection.Clear();
        for (var b = 0; b < Units; b++) projection[GroupOfBin[b]] += SignOfBin[b] * logMagnitude[b];
        for (var g = 0; g < GroupsPerFrame; g++) projection[g] /= GroupSize;
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
