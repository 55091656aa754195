using Protect.Domain.Imaging.Watermarking;

namespace Protect.Domain.Tests.Watermarking;

public class ChannelCodingTests
{
    private static readonly byte[] CheckKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Payload_and_check_make_306_coded_bits()
    {
        var coded = ConvolutionalCode.Encode(PayloadCodec.ToBits(123, CheckKey));

        Assert.Equal(96, PayloadCodec.InfoBits);
        Assert.Equal(306, coded.Length);
        Assert.All(coded, b => Assert.True(b is 0 or 1));
    }

    [Fact]
    public void Viterbi_corrects_scattered_errors_and_weak_soft_values()
    {
        var info = PayloadCodec.ToBits(0xDEADBEEF12345678, CheckKey);
        var soft = ToSoft(ConvolutionalCode.Encode(info));
        var random = new Random(5);
        for (var i = 0; i < soft.Length; i += 9)
            soft[i] = -soft[i] * 0.5f; // 34 flipped bits, one in every nine
        for (var i = 0; i < soft.Length; i++)
            soft[i] *= 0.2f + (float)random.NextDouble(); // uneven reliability

        var decoded = ConvolutionalCode.Decode(soft, info.Length);

        Assert.Equal(info, decoded);
        Assert.True(PayloadCodec.TryReadBits(decoded, CheckKey, out var payload));
        Assert.Equal(0xDEADBEEF12345678UL, payload);
    }

    [Fact]
    public void The_keyed_check_rejects_a_flipped_bit_and_a_wrong_key()
    {
        var bits = PayloadCodec.ToBits(99, CheckKey);
        var wrongKey = (byte[])CheckKey.Clone();
        wrongKey[0] ^= 1;
        var flipped = (byte[])bits.Clone();
        flipped[10] ^= 1;

        Assert.True(PayloadCodec.TryReadBits(bits, CheckKey, out _));
        Assert.False(PayloadCodec.TryReadBits(bits, wrongKey, out _));
        Assert.False(PayloadCodec.TryReadBits(flipped, CheckKey, out _));
        Assert.Equal(Math.Pow(2, -32), PayloadCodec.FalseMatchProbability);
    }

    [Fact]
    public void Layout_is_a_balanced_keyed_deterministic_tile_repeated_over_the_grid()
    {
        const int grid = 64, bits = 306, side = KeyedLayout.TileSide, dataCells = KeyedLayout.TileCells - KeyedLayout.PilotCells;
        var layout = KeyedLayout.Create(Images.Key("a"), grid, bits);
        var ones = new float[side * side];
        Array.Fill(ones, 1f);

        var chipSums = layout.DemodulateTile(ones); // sum of chips per bit within one tile
        Assert.All(chipSums, s => Assert.InRange(s, -1, 1));

        var coded = Enumerable.Range(0, bits).Select(i => (byte)(i % 3 == 0 ? 1 : 0)).ToArray();
        var cells = new float[grid * grid];
        Array.Fill(cells, 1f);
        layout.Modulate(coded, [], cells);
        for (var y = 0; y < grid; y++) // periodic: the mark repeats every tile
        {
            for (var x = 0; x < grid; x++)
                Assert.Equal(cells[((y % side) * grid) + (x % side)], cells[(y * grid) + x]);
        }
        var tiles = (grid / side) * (grid / side);
        var soft = layout.Demodulate(cells); // chip² = 1, so each bit reads ±(its cell count)
        for (var k = 0; k < bits; k++)
            Assert.InRange(coded[k] == 1 ? soft[k] : -soft[k], tiles * (dataCells / bits), tiles * ((dataCells / bits) + 1));
        var pilot = layout.Pilot();
        Assert.Equal(KeyedLayout.PilotCells, pilot.Count(v => v != 0));

        var again = KeyedLayout.Create(Images.Key("a"), grid, bits).Demodulate(cells);
        var other = KeyedLayout.Create(Images.Key("b"), grid, bits).Demodulate(cells);
        Assert.Equal(soft, again);
        // ~3 cells per bit and tile: another key sums ~3 random signs, about half the right key's reading.
        Assert.True(other.Select(Math.Abs).Average() < soft.Select(Math.Abs).Average() * 0.7, "another key should read noise");
    }

    [Fact]
    public void Keyed_random_is_stable_and_in_range()
    {
        var seed = new byte[32];
        seed[0] = 1;
        var a = new KeyedRandom(seed);
        var b = new KeyedRandom(seed);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
            Assert.InRange(a.NextInt(7), 0, 6);
            b.NextInt(7);
        }
    }

    private static float[] ToSoft(byte[] coded) => coded.Select(b => b == 1 ? 1f : -1f).ToArray();
}
