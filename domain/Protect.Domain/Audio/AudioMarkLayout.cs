using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Keys;
using Protect.Domain.Marking;

namespace Protect.Domain.Audio;

/// <summary>
/// Where the audio mark lives, derived from the key only. The mark is defined on 16 kHz mono (what every attack in
/// scope keeps: codecs, resampling, downmix). A frame of 2048 samples (128 ms) is cut into 2 sub-frames of 64 ms,
/// and each sub-frame's FFT bins from 250 Hz to 3.75 kHz into 14 bands of 250 Hz: 28 tiles. Tiles span a few codec
/// bands by a few codec frames, because band energies over time are what low-bitrate codecs keep (AAC scale factors,
/// Opus band energies); the fine structure inside a band, and 32-ms detail, is what they smear or throw away
/// (measured on speech after AAC 64k: 62.5-Hz units and 32-ms tiles kept a third of the lattice agreement that 250-Hz
/// by 64-ms tiles keep). Speech puts its most robust energy under 1 kHz, hence the band starts at 250 Hz.
/// The tiles form 7 groups of 4 (two adjacent bands by 2 sub-frames), 2 up and 2 down in a keyed checkerboard. A
/// group's projection is half the log ratio of its up tiles' pooled energy to its down tiles': a volume change cancels,
/// and since up and down tiles are neighbours of about equal energy, noise that fills both alike barely moves it (a
/// ratio of a strong set to a weak one, as random tiles give, moves with whatever fills the weak set). Each projection carries one bit by dither modulation; the dither depends on the
/// group only, so a frame's lattice phases are known before its place in the block is, which lets the detector
/// search time offsets and speeds cheaply. A block of 52 frames (6.7 s) holds 364 slots: 306 coded bits and 58
/// known keyed sync bits.
/// </summary>
public sealed class AudioMarkLayout
{
    public const int SampleRate = 16_000;
    public const int FrameLength = 2048;
    public const int SubFrames = 2;
    public const int SubLength = FrameLength / SubFrames;
    public const int FirstBin = 16;   // 250 Hz at 15.6 Hz a bin
    public const int BandBins = 16;   // 250 Hz
    public const int Bands = 14;      // to 3.75 kHz
    public const int Units = SubFrames * Bands;
    public const int GroupSize = 2 * SubFrames;
    public const int GroupsPerFrame = Units / GroupSize;
    public const int BlockFrames = 52;
    public const int Slots = BlockFrames * GroupsPerFrame;
    private const string Purpose = "protect/audio-tiles/layout/v3";

    public AudioMarkLayout(WatermarkKey key, double step)
    {
        ArgumentNullException.ThrowIfNull(key);
        Step = step;
        var random = new KeyedRandom(key.Derive(Purpose));
        GroupOfUnit = new int[Units];
        SignOfUnit = new sbyte[Units];
        // Group g holds bands 2g and 2g+1 over the 4 sub-frames. In each sub-frame one of the two bands goes up and the
        // other down, and each band goes up in 2 sub-frames and down in the other 2 (a keyed choice): up and down tiles
        // then carry nearly the same energy, so added noise and codec noise move both alike and the ratio holds.
        Span<sbyte> pattern = stackalloc sbyte[SubFrames];
        for (var g = 0; g < GroupsPerFrame; g++)
        {
            for (var f = 0; f < SubFrames; f++) pattern[f] = (sbyte)(f < SubFrames / 2 ? 1 : -1);
            Shuffle(pattern, random);
            for (var f = 0; f < SubFrames; f++)
            {
                for (var side = 0; side < 2; side++)
                {
                    var u = f * Bands + 2 * g + side;
                    GroupOfUnit[u] = g;
                    SignOfUnit[u] = (sbyte)(side == 0 ? pattern[f] : -pattern[f]);
                }
            }
        }
        Dither = new double[GroupsPerFrame];
        for (var g = 0; g < GroupsPerFrame; g++) Dither[g] = random.NextUInt64() / 18446744073709551616.0 * step;
        var slots = Enumerable.Range(0, Slots).ToArray();
        Shuffle(slots, random);
        // Slot content: >= 0 a coded bit index, -1 sync bit 0, -2 sync bit 1.
        SlotContent = new int[Slots];
        for (var i = 0; i < Slots; i++)
            SlotContent[slots[i]] = i < SoftCodeword.CodedBits ? i : -1 - (int)(random.NextUInt64() & 1);
    }

    public double Step { get; }
    public int[] GroupOfUnit { get; }
    public sbyte[] SignOfUnit { get; }

    /// <summary>Per group: the lattice offset.</summary>
    public double[] Dither { get; }

    public int[] SlotContent { get; }

    public static int Slot(int frameInBlock, int group) => frameInBlock * GroupsPerFrame + group;

    /// <summary>Per group: half the log ratio of the up tiles' pooled power to the down tiles'.</summary>
    public void Project(ReadOnlySpan<double> unitPower, Span<double> projection)
    {
        Span<double> up = stackalloc double[GroupsPerFrame];
        Span<double> down = stackalloc double[GroupsPerFrame];
        double total = 0;
        for (var u = 0; u < Units; u++)
        {
            if (SignOfUnit[u] > 0) up[GroupOfUnit[u]] += unitPower[u];
            else down[GroupOfUnit[u]] += unitPower[u];
            total += unitPower[u];
        }
        // A floor far under the band's power keeps a group with empty units finite; relative, so volume cancels.
        var floor = 1e-6 * total / GroupsPerFrame + 1e-30;
        for (var g = 0; g < GroupsPerFrame; g++) projection[g] = 0.5 * Math.Log((up[g] + floor) / (down[g] + floor));
    }

    /// <summary>Soft value of a projection in [-1, 1] (positive: bit 1), from the group's lattice.</summary>
    public float Soft(double projection, int group) => DitherModulation.Soft(projection, Step, Dither[group]);

    private static void Shuffle<T>(Span<T> items, KeyedRandom random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
