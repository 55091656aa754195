using System.Buffers.Binary;
using System.Numerics;

namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// xoshiro256** seeded from a derived key. We own the generator (instead of System.Random) because the
/// sequence is part of the watermark format: it must never change with a runtime upgrade.
/// </summary>
internal sealed class KeyedRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public KeyedRandom(ReadOnlySpan<byte> seed)
    {
        if (seed.Length < 32)
            throw new ArgumentException("The seed must be at least 32 bytes.", nameof(seed));
        _s0 = BinaryPrimitives.ReadUInt64LittleEndian(seed);
        _s1 = BinaryPrimitives.ReadUInt64LittleEndian(seed[8..]);
        _s2 = BinaryPrimitives.ReadUInt64LittleEndian(seed[16..]);
        _s3 = BinaryPrimitives.ReadUInt64LittleEndian(seed[24..]);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
            _s0 = 1; // the all-zero state is the generator's only fixed point
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, exclusiveMax): Lemire's multiply-shift with rejection, so no modulo bias.</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        var range = (ulong)exclusiveMax;
        var threshold = unchecked(0UL - range) % range;
        while (true)
        {
            var high = Math.BigMul(NextUInt64(), range, out var low);
            if (low >= threshold)
                return (int)high;
        }
    }
}
