using System.Globalization;
using System.Numerics;

namespace Protect.Domain.Imaging.Hashing;

/// <summary>
/// A 256-bit perceptual hash. Bit k (0..255) lives in word k / 64 at position k % 64; for PDQ, bit k = 16 * row +
/// column of the 16x16 DCT block. The hex form writes the 256-bit number most significant nibble first (W3 first),
/// the same text layout as Meta's reference implementation, so hashes can be compared by eye with other PDQ tools.
/// </summary>
public readonly record struct PerceptualHash(ulong W0, ulong W1, ulong W2, ulong W3)
{
    public const int Bits = 256;
    public const int HexLength = 64;

    public int DistanceTo(PerceptualHash other) =>
        BitOperations.PopCount(W0 ^ other.W0) + BitOperations.PopCount(W1 ^ other.W1)
        + BitOperations.PopCount(W2 ^ other.W2) + BitOperations.PopCount(W3 ^ other.W3);

    /// <summary>Number of set bits; a PDQ hash has 128 (median threshold), a degenerate one far fewer.</summary>
    public int PopCount =>
        BitOperations.PopCount(W0) + BitOperations.PopCount(W1) + BitOperations.PopCount(W2) + BitOperations.PopCount(W3);

    public bool GetBit(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Bits);
        var word = (index >> 6) switch { 0 => W0, 1 => W1, 2 => W2, _ => W3 };
        return ((word >> (index & 63)) & 1) != 0;
    }

    public string ToHex() => string.Create(CultureInfo.InvariantCulture, $"{W3:x16}{W2:x16}{W1:x16}{W0:x16}");

    public override string ToString() => ToHex();

    public static PerceptualHash Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return TryParse(hex, out var hash)
            ? hash
            : throw new FormatException($"A perceptual hash is exactly {HexLength} hex digits (256 bits); got {Describe(hex)}.");
    }

    public static bool TryParse(string? hex, out PerceptualHash hash)
    {
        hash = default;
        if (hex is null || hex.Length != HexLength) return false;
        Span<ulong> words = stackalloc ulong[4];
        for (var w = 0; w < 4; w++)
        {
            // Text holds W3 first; a sign or "0x" prefix must fail, so parse strictly as hex digits.
            if (!ulong.TryParse(hex.AsSpan(w * 16, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out words[3 - w]))
                return false;
        }
        hash = new PerceptualHash(words[0], words[1], words[2], words[3]);
        return true;
    }

    /// <summary>Builds a hash from 256 bits given as 4 words, bit k in word k / 64 (the layout of the fields).</summary>
    public static PerceptualHash FromWords(ReadOnlySpan<ulong> words)
    {
        if (words.Length != 4) throw new ArgumentException("A perceptual hash is 4 words of 64 bits.", nameof(words));
        return new PerceptualHash(words[0], words[1], words[2], words[3]);
    }

    private static string Describe(string hex) =>
        hex.Length == HexLength ? "a character that is not a hex digit" : $"{hex.Length} characters";
}
