using Protect.Domain.Imaging.Hashing;

namespace Protect.Domain.Tests.Hashing;

public sealed class PerceptualHashTests
{
    [Fact]
    public void Hex_round_trips_and_is_64_lowercase_digits()
    {
        var random = new Random(7);
        for (var i = 0; i < 100; i++)
        {
            var hash = new PerceptualHash((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());
            var hex = hash.ToHex();
            Assert.Equal(64, hex.Length);
            Assert.Equal(hex.ToLowerInvariant(), hex);
            Assert.Equal(hash, PerceptualHash.Parse(hex));
            Assert.True(PerceptualHash.TryParse(hex.ToUpperInvariant(), out var upper));
            Assert.Equal(hash, upper);
        }
    }

    [Fact]
    public void Hex_writes_the_most_significant_word_first_like_the_reference()
    {
        var hash = new PerceptualHash(1, 0, 0, 0x8000000000000000);
        Assert.Equal("8" + new string('0', 62) + "1", hash.ToHex());
        Assert.True(hash.GetBit(0));
        Assert.True(hash.GetBit(255));
        Assert.False(hash.GetBit(1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0x00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("g000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("-000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData(" 000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000000")]
    public void Malformed_hex_is_rejected_with_a_clear_message(string hex)
    {
        Assert.False(PerceptualHash.TryParse(hex, out _));
        var e = Assert.Throws<FormatException>(() => PerceptualHash.Parse(hex));
        Assert.Contains("64 hex digits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_of_null_is_false()
    {
        Assert.False(PerceptualHash.TryParse(null, out var hash));
        Assert.Equal(default, hash);
    }

    [Fact]
    public void Distance_counts_differing_bits()
    {
        var zero = default(PerceptualHash);
        var ones = new PerceptualHash(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);
        Assert.Equal(0, ones.DistanceTo(ones));
        Assert.Equal(256, zero.DistanceTo(ones));
        var some = new PerceptualHash(0b1011, 1UL << 63, 0, 0xFF);
        Assert.Equal(3 + 1 + 0 + 8, zero.DistanceTo(some));
        Assert.Equal(some.DistanceTo(zero), zero.DistanceTo(some));
        Assert.Equal(12, some.PopCount);
    }
}
