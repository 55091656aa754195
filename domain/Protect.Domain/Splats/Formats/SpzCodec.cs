namespace Protect.Domain.Splats.Formats;

/// <summary>Byte sizes of the SPZ attribute blocks, in file order.</summary>
internal sealed class SpzLayout
{
    public SpzLayout(int count, int degree, uint version)
    {
        Count = count;
        Degree = degree;
        RotationBytes = version == 2 ? 3 : 4;
        var sh = GaussianScene.RestCountFor(degree);
        Blocks = sh > 0
            ? [count * 9, count, count * 3, count * 3, count * RotationBytes, count * sh]
            : [count * 9, count, count * 3, count * 3, count * RotationBytes];
    }

    public int Count { get; }
    public int Degree { get; }
    public int RotationBytes { get; }
    public int[] Blocks { get; }
    public int TotalBytes => Blocks.Sum();
}

/// <summary>SPZ's quantizers: 24-bit fixed-point positions, colour as 0.15 * f_dc + 0.5, log-scale (s + 10) * 16.</summary>
internal static class SpzCodec
{
    private const float ColorScale = 0.15f;

    public static int FractionalBits(GaussianScene scene)
    {
        var max = 1e-6f;
        foreach (var v in scene.Positions) max = MathF.Max(max, MathF.Abs(v));
        // Largest precision whose 24-bit signed range still holds the farthest Gaussian.
        var bits = (int)MathF.Floor(23 - MathF.Log2(max) - 0.01f);
        return Math.Clamp(bits, 0, 20);
    }

    public static GaussianScene Decode(byte[] data, SpzLayout layout, int fractional)
    {
        var n = layout.Count;
        var s = new GaussianScene(n, layout.Degree);
        int pos = 0, alpha = n * 9, color = alpha + n, scale = color + n * 3, rot = scale + n * 3, sh = rot + n * layout.RotationBytes;
        var unit = 1f / (1 << fractional);
        var rest = s.RestCount;
        var perChannel = rest / 3;
        Span<float> q = stackalloc float[4];
        for (var i = 0; i < n; i++)
        {
            for (var a = 0; a < 3; a++)
            {
                var o = pos + i * 9 + a * 3;
                var fixed24 = data[o] | (data[o + 1] << 8) | (data[o + 2] << 16);
                if ((fixed24 & 0x800000) != 0) fixed24 |= unchecked((int)0xff000000);
                s.Positions[i * 3 + a] = fixed24 * unit;
                s.Colors[i * 3 + a] = (data[color + i * 3 + a] / 255f - 0.5f) / ColorScale;
                s.Scales[i * 3 + a] = data[scale + i * 3 + a] / 16f - 10f;
            }
            s.Opacities[i] = GaussianScene.Logit(data[alpha + i] / 255f);
            DecodeRotation(data.AsSpan(rot + i * layout.RotationBytes, layout.RotationBytes), q); // x y z w
            s.Rotations[i * 4] = q[3];
            s.Rotations[i * 4 + 1] = q[0];
            s.Rotations[i * 4 + 2] = q[1];
            s.Rotations[i * 4 + 3] = q[2];
            // SPZ stores SH coefficient-major (all channels of coefficient 0, then 1, ...); we keep channel-major.
            for (var k = 0; k < rest; k++)
                s.ShRest[i * rest + (k % 3) * perChannel + k / 3] = (data[sh + i * rest + k] - 128) / 128f;
        }
        s.NormalizeRotations();
        return s;
    }

    private static void DecodeRotation(ReadOnlySpan<byte> b, Span<float> q)
    {
        if (b.Length == 3)
        {
            for (var k = 0; k < 3; k++) q[k] = b[k] / 127.5f - 1f;
            q[3] = MathF.Sqrt(MathF.Max(0, 1 - q[0] * q[0] - q[1] * q[1] - q[2] * q[2]));
            return;
        }
        var packed = (uint)(b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24));
        var largest = (int)(packed >> 30);
        float sum = 0;
        for (var k = 3; k >= 0; k--)
        {
            if (k == largest) continue;
            var mag = packed & 511;
            var negative = ((packed >> 9) & 1) == 1;
            packed >>= 10;
            q[k] = 0.70710678f * mag / 511f * (negative ? -1 : 1);
            sum += q[k] * q[k];
        }
        q[largest] = MathF.Sqrt(MathF.Max(0, 1 - sum));
    }

    public static byte[] Encode(GaussianScene s, SpzLayout layout, int fractional)
    {
        var n = s.Count;
        var data = new byte[layout.TotalBytes];
        int alpha = n * 9, color = alpha + n, scale = color + n * 3, rot = scale + n * 3, sh = rot + n * layout.RotationBytes;
        var unit = (float)(1 << fractional);
        var rest = s.RestCount;
        var perChannel = rest / 3;
        for (var i = 0; i < n; i++)
        {
            for (var a = 0; a < 3; a++)
            {
                var fixed24 = (int)Math.Clamp(MathF.Round(s.Positions[i * 3 + a] * unit), -8388608f, 8388607f);
                var o = i * 9 + a * 3;
                data[o] = (byte)fixed24;
                data[o + 1] = (byte)(fixed24 >> 8);
                data[o + 2] = (byte)(fixed24 >> 16);
                data[color + i * 3 + a] = AntimatterSplat.ToByte((s.Colors[i * 3 + a] * ColorScale + 0.5f) * 255f);
                data[scale + i * 3 + a] = AntimatterSplat.ToByte((s.Scales[i * 3 + a] + 10f) * 16f);
            }
            data[alpha + i] = AntimatterSplat.ToByte(GaussianScene.Sigmoid(s.Opacities[i]) * 255f);
            var packed = EncodeRotation(s.Rotations.AsSpan(i * 4, 4));
            for (var k = 0; k < 4; k++) data[rot + i * 4 + k] = (byte)(packed >> (8 * k));
            for (var k = 0; k < rest; k++)
                data[sh + i * rest + k] = AntimatterSplat.ToByte(s.ShRest[i * rest + (k % 3) * perChannel + k / 3] * 128f + 128f);
        }
        return data;
    }

    private static uint EncodeRotation(ReadOnlySpan<float> wxyz)
    {
        Span<float> q = [wxyz[1], wxyz[2], wxyz[3], wxyz[0]];
        var largest = 0;
        for (var k = 1; k < 4; k++) if (MathF.Abs(q[k]) > MathF.Abs(q[largest])) largest = k;
        var sign = q[largest] < 0 ? -1f : 1f;
        uint packed = 0;
        for (var k = 0; k < 4; k++)
        {
            if (k == largest) continue;
            var v = q[k] * sign;
            var mag = (uint)Math.Clamp(MathF.Round(MathF.Abs(v) / 0.70710678f * 511f), 0, 511);
            packed = (packed << 10) | (v < 0 ? 512u : 0u) | mag;
        }
        return packed | ((uint)largest << 30);
    }
}
