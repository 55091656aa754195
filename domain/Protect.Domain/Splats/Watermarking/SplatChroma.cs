using System.Buffers.Binary;

namespace Protect.Domain.Splats.Watermarking;

/// <summary>
/// Shared pieces of the hidden-message layer: the two DC chroma axes orthogonal to grey (so the ID mark's grey
/// lattice never moves), dithered QIM on them, SplitMix hashing, bit packing and a keyed CRC32.
/// </summary>
internal static class SplatChroma
{
    private static readonly float[][] Axes =
    [
        [1 / MathF.Sqrt(2), -1 / MathF.Sqrt(2), 0],
        [1 / MathF.Sqrt(6), 1 / MathF.Sqrt(6), -2 / MathF.Sqrt(6)],
    ];

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>Projection of Gaussian i's DC colour (display units) on chroma axis 0 or 1.</summary>
    public static float Project(GaussianScene s, int i, int axis)
    {
        var u = Axes[axis];
        var v = 0f;
        for (var c = 0; c < 3; c++) v += u[c] * GaussianScene.ShC0 * s.Colors[i * 3 + c];
        return v;
    }

    /// <summary>Moves Gaussian i along the axis towards the lattice of its bit (dither and half-step in step units).</summary>
    public static void Embed(GaussianScene s, int i, int axis, bool bit, bool flip, float dither, float step, float strength)
    {
        var v = Project(s, i, axis);
        var offset = (dither + ((bit ^ flip) ? 0.5f : 0f)) * step;
        var target = MathF.Round((v - offset) / step) * step + offset;
        var delta = strength * (target - v) / GaussianScene.ShC0;
        var u = Axes[axis];
        for (var c = 0; c < 3; c++) s.Colors[i * 3 + c] += delta * u[c];
    }

    /// <summary>Soft vote: positive means bit 1.</summary>
    public static float Vote(GaussianScene s, int i, int axis, bool flip, float dither, float step)
    {
        var vote = MathF.Cos(2 * MathF.PI * (Project(s, i, axis) / step - dither));
        return flip ? vote : -vote;
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static (ulong K0, ulong K1) Seed(byte[] derived) =>
        (BinaryPrimitives.ReadUInt64LittleEndian(derived), BinaryPrimitives.ReadUInt64LittleEndian(derived.AsSpan(8)));

    /// <summary>Index in [0, n) from the top 32 bits of h.</summary>
    public static int Slot(ulong h, int n) => (int)(((h >> 32) * (ulong)n) >> 32);

    public static float Dither(ulong h) => ((h >> 8) & 0xFFFFFF) / (float)(1 << 24);

    /// <summary>CRC32 of the key-derived prefix then the data: a wrong key fails the check like corrupted data.</summary>
    public static uint KeyedCrc(byte[] keyPrefix, ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in keyPrefix) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    /// <summary>data followed by its keyed CRC32, as bits (MSB first).</summary>
    public static byte[] WithCrcBits(byte[] keyPrefix, byte[] data)
    {
        var all = new byte[data.Length + 4];
        data.CopyTo(all, 0);
        BinaryPrimitives.WriteUInt32BigEndian(all.AsSpan(data.Length), KeyedCrc(keyPrefix, data));
        return ToBits(all);
    }

    /// <summary>The data if the trailing keyed CRC32 matches, else null.</summary>
    public static byte[]? CheckCrc(byte[] keyPrefix, byte[] bits)
    {
        var all = FromBits(bits);
        if (all.Length < 4) return null;
        var data = all[..^4];
        return BinaryPrimitives.ReadUInt32BigEndian(all.AsSpan(all.Length - 4)) == KeyedCrc(keyPrefix, data) ? data : null;
    }

    public static byte[] ToBits(ReadOnlySpan<byte> bytes)
    {
        var bits = new byte[bytes.Length * 8];
        for (var k = 0; k < bits.Length; k++) bits[k] = (byte)((bytes[k / 8] >> (7 - k % 8)) & 1);
        return bits;
    }

    public static byte[] FromBits(ReadOnlySpan<byte> bits)
    {
        var bytes = new byte[bits.Length / 8];
        for (var k = 0; k < bytes.Length * 8; k++) bytes[k / 8] |= (byte)(bits[k] << (7 - k % 8));
        return bytes;
    }

    public static ulong ReadBits(ReadOnlySpan<float> soft, int from, int count)
    {
        ulong v = 0;
        for (var k = 0; k < count; k++) v = (v << 1) | (soft[from + k] > 0 ? 1UL : 0UL);
        return v;
    }
}
