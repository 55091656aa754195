using System.Buffers.Binary;

namespace Protect.Domain.Splats.Formats;

/// <summary>The write side of the compressed PLY: per-chunk bounds and the four packed words of one splat.</summary>
internal static class CompressedPlyPacking
{
    public static void ChunkBounds(GaussianScene s, int start, int rows, Span<float> b)
    {
        for (var k = 0; k < 3; k++) { b[k] = b[6 + k] = b[12 + k] = float.MaxValue; b[3 + k] = b[9 + k] = b[15 + k] = float.MinValue; }
        for (var i = start; i < start + rows; i++)
            for (var a = 0; a < 3; a++)
            {
                Widen(b, a, s.Positions[i * 3 + a]);
                Widen(b, 6 + a, Math.Clamp(s.Scales[i * 3 + a], -20f, 20f));
                Widen(b, 12 + a, Math.Clamp(0.5f + GaussianScene.ShC0 * s.Colors[i * 3 + a], 0f, 1f));
            }
    }

    private static void Widen(Span<float> b, int k, float v)
    {
        if (v < b[k]) b[k] = v;
        if (v > b[k + 3]) b[k + 3] = v;
    }

    public static void Pack(GaussianScene s, int i, ReadOnlySpan<float> b, Span<byte> row)
    {
        var pos = (P(b, 0, 0, 11, s.Positions[i * 3]) << 21) | (P(b, 1, 0, 10, s.Positions[i * 3 + 1]) << 11) | P(b, 2, 0, 11, s.Positions[i * 3 + 2]);
        var scale = (P(b, 0, 6, 11, Math.Clamp(s.Scales[i * 3], -20f, 20f)) << 21)
            | (P(b, 1, 6, 10, Math.Clamp(s.Scales[i * 3 + 1], -20f, 20f)) << 11)
            | P(b, 2, 6, 11, Math.Clamp(s.Scales[i * 3 + 2], -20f, 20f));
        uint color = 0;
        for (var a = 0; a < 3; a++)
            color |= P(b, a, 12, 8, Math.Clamp(0.5f + GaussianScene.ShC0 * s.Colors[i * 3 + a], 0f, 1f)) << (24 - 8 * a);
        color |= Quant(GaussianScene.Sigmoid(s.Opacities[i]), 8);
        BinaryPrimitives.WriteUInt32LittleEndian(row, pos);
        BinaryPrimitives.WriteUInt32LittleEndian(row[4..], PackRotation(s.Rotations.AsSpan(i * 4, 4)));
        BinaryPrimitives.WriteUInt32LittleEndian(row[8..], scale);
        BinaryPrimitives.WriteUInt32LittleEndian(row[12..], color);
    }

    private static uint P(ReadOnlySpan<float> b, int a, int slot, int bits, float v) =>
        Quant((v - b[slot + a]) / Range(b[slot + 3 + a] - b[slot + a]), bits);

    private static float Range(float r) => r > 1e-12f ? r : 1f;

    private static uint Quant(float t, int bits)
    {
        var max = (1u << bits) - 1;
        return (uint)Math.Clamp(MathF.Round(t * max), 0, max);
    }

    /// <summary>Smallest three: drop the largest component (made positive) and store the others in 10 bits each.</summary>
    public static uint PackRotation(ReadOnlySpan<float> q)
    {
        var largest = 0;
        for (var k = 1; k < 4; k++) if (MathF.Abs(q[k]) > MathF.Abs(q[largest])) largest = k;
        var sign = q[largest] < 0 ? -1f : 1f;
        var packed = (uint)largest;
        for (var k = 0; k < 4; k++)
        {
            if (k == largest) continue;
            packed = (packed << 10) | Quant(q[k] * sign * 0.70710678f + 0.5f, 10);
        }
        return packed;
    }
}
