using System.Numerics;

namespace Protect.Domain.Audio;

/// <summary>In-place iterative radix-2 complex FFT; the audio mark only needs power-of-two frames of 1024.</summary>
internal static class Fft
{
    public static void Forward(Span<Complex> data) => Transform(data, -1);

    /// <summary>Inverse transform, scaled by 1/N so Inverse(Forward(x)) == x.</summary>
    public static void Inverse(Span<Complex> data)
    {
        Transform(data, +1);
        var scale = 1.0 / data.Length;
        for (var i = 0; i < data.Length; i++) data[i] *= scale;
    }

    private static void Transform(Span<Complex> data, int sign)
    {
        var n = data.Length;
        if (!BitOperations.IsPow2(n)) throw new ArgumentException("The FFT length must be a power of two.", nameof(data));
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) (data[i], data[j]) = (data[j], data[i]);
        }
        for (var length = 2; length <= n; length <<= 1)
        {
            var angle = sign * 2 * Math.PI / length;
            var step = new Complex(Math.Cos(angle), Math.Sin(angle));
            for (var start = 0; start < n; start += length)
            {
                var w = Complex.One;
                for (var k = 0; k < length / 2; k++)
                {
                    var a = data[start + k];
                    var b = data[start + k + length / 2] * w;
                    data[start + k] = a + b;
                    data[start + k + length / 2] = a - b;
                    w *= step;
                }
            }
        }
    }
}
