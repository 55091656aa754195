using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// The 96 information bits: the 64-bit payload followed by a 32-bit keyed check (truncated HMAC-SHA256 of the
/// payload). The check is what makes a detection trustworthy: without the key nobody can forge it, and a decode
/// of noise passes it with probability 2^-32.
/// </summary>
internal static class PayloadCodec
{
    public const int PayloadBits = 64;
    public const int CheckBits = 32;
    public const int InfoBits = PayloadBits + CheckBits;

    /// <summary>Probability that a random (wrong) 96-bit word carries a valid check.</summary>
    public static readonly double FalseMatchProbability = Math.Pow(2, -CheckBits);

    public static byte[] ToBits(ulong payload, ReadOnlySpan<byte> checkKey)
    {
        var bits = new byte[InfoBits];
        WriteBits(payload, PayloadBits, bits);
        WriteBits(Check(payload, checkKey), CheckBits, bits.AsSpan(PayloadBits));
        return bits;
    }

    public static bool TryReadBits(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> checkKey, out ulong payload)
    {
        if (bits.Length != InfoBits)
            throw new ArgumentException($"Expected {InfoBits} bits, got {bits.Length}.", nameof(bits));
        payload = ReadBits(bits[..PayloadBits]);
        var check = (uint)ReadBits(bits[PayloadBits..]);
        return check == Check(payload, checkKey);
    }

    internal static uint Check(ulong payload, ReadOnlySpan<byte> checkKey)
    {
        Span<byte> message = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(message, payload);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(checkKey, message, mac);
        return BinaryPrimitives.ReadUInt32BigEndian(mac);
    }

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
