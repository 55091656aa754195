using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// The 96 information bits: the 64-bit payload followed by a 32-bit keyed check (truncated HMAC-SHA256 of the
/// payload). The check is what makes a detection trustworthy: without the key nobody can forge it, and a decode
/// of noise passes it with probability 2^-32. The check length is a parameter (1..64 bits, truncating the same
/// HMAC) for engines that test more hypotheses; the parameterless overloads are the 32-bit format of the video
/// and splat marks (the image mark tests more hypotheses and uses 40).
/// </summary>
internal static class PayloadCodec
{
    public const int PayloadBits = 64;
    public const int CheckBits = 32;
    public const int InfoBits = PayloadBits + CheckBits;

    /// <summary>Probability that a random (wrong) 96-bit word carries a valid check.</summary>
    public static readonly double FalseMatchProbability = Math.Pow(2, -CheckBits);

    /// <summary>Largest check length: the first 64 bits of the HMAC.</summary>
    public const int MaxCheckBits = 64;

    /// <summary>Probability that a random word carries a valid check of <paramref name="checkBits"/> bits.</summary>
    public static double FalseMatchProbabilityFor(int checkBits) => Math.Pow(2, -ValidCheckBits(checkBits));

    public static byte[] ToBits(ulong payload, ReadOnlySpan<byte> checkKey) => ToBits(payload, checkKey, CheckBits);

    public static byte[] ToBits(ulong payload, ReadOnlySpan<byte> checkKey, int checkBits)
    {
        var bits = new byte[PayloadBits + ValidCheckBits(checkBits)];
        WriteBits(payload, PayloadBits, bits);
        WriteBits(Check(payload, checkKey, checkBits), checkBits, bits.AsSpan(PayloadBits));
        return bits;
    }

    public static bool TryReadBits(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> checkKey, out ulong payload) =>
        TryReadBits(bits, checkKey, CheckBits, out payload);

    public static bool TryReadBits(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> checkKey, int checkBits, out ulong payload)
    {
        var expected = PayloadBits + ValidCheckBits(checkBits);
        if (bits.Length != expected)
            throw new ArgumentException($"Expected {expected} bits, got {bits.Length}.", nameof(bits));
        payload = ReadBits(bits[..PayloadBits]);
        var check = ReadBits(bits[PayloadBits..]);
        return check == Check(payload, checkKey, checkBits);
    }

    internal static uint Check(ulong payload, ReadOnlySpan<byte> checkKey) => (uint)Check(payload, checkKey, CheckBits);

    /// <summary>The first <paramref name="checkBits"/> bits of HMAC-SHA256(key, payload); 32 gives the production check.</summary>
    internal static ulong Check(ulong payload, ReadOnlySpan<byte> checkKey, int checkBits)
    {
        ValidCheckBits(checkBits);
        Span<byte> message = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(message, payload);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(checkKey, message, mac);
        return BinaryPrimitives.ReadUInt64BigEndian(mac) >> (MaxCheckBits - checkBits);
    }

    private static int ValidCheckBits(int checkBits) => checkBits is >= 1 and <= MaxCheckBits
        ? checkBits
        : throw new ArgumentOutOfRangeException(nameof(checkBits), checkBits, $"Check length must be 1..{MaxCheckBits} bits.");

    /// <summary>Most significant bit first.</summary>
    private static void WriteBits(ulong value, int count, Span<byte> bits)
    {
        for (var i = 0; i < count; i++)
            bits[i] = (byte)((value >> (count - 1 - i)) & 1);
    }

    private static ulong ReadBits(ReadOnlySpan<byte> bits)
    {
        ulong value = 0;
        foreach (var bit in bits)
            value = (value << 1) | (uint)(bit & 1);
        return value;
    }
}
