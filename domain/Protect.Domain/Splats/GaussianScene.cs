namespace Protect.Domain.Splats;

/// <summary>
/// A 3D Gaussian Splatting scene in memory, one flat float array per attribute (struct of arrays) so engines can
/// stream over one attribute at a time and Parallel.For over ranges. Values use the INRIA training conventions:
/// scale is log, opacity is logit, rotation is a normalized w-first quaternion, colour is the SH DC term (f_dc) and
/// the higher SH bands are channel-major per Gaussian (all red coefficients, then green, then blue), as in f_rest.
/// </summary>
public sealed class GaussianScene
{
    /// <summary>SH coefficients beyond DC per channel for degree 0..3.</summary>
    private static readonly int[] RestPerChannel = [0, 3, 8, 15];

    public const float ShC0 = 0.28209479177387814f;

    public GaussianScene(int count, int shDegree)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(shDegree);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shDegree, 3);
        Count = count;
        ShDegree = shDegree;
        Positions = new float[count * 3];
        Scales = new float[count * 3];
        Rotations = new float[count * 4];
        Opacities = new float[count];
        Colors = new float[count * 3];
        ShRest = new float[count * RestCount];
    }

    public int Count { get; }
    public int ShDegree { get; }

    /// <summary>f_rest values per Gaussian (0, 9, 24 or 45).</summary>
    public int RestCount => RestPerChannel[ShDegree] * 3;

    public static int RestCountFor(int shDegree) => RestPerChannel[shDegree] * 3;

    /// <summary>x, y, z per Gaussian.</summary>
    public float[] Positions { get; }
    /// <summary>log scale per axis.</summary>
    public float[] Scales { get; }
    /// <summary>w, x, y, z per Gaussian.</summary>
    public float[] Rotations { get; }
    /// <summary>logit of opacity.</summary>
    public float[] Opacities { get; }
    /// <summary>f_dc_0..2 (SH DC term; colour = 0.5 + ShC0 * f_dc).</summary>
    public float[] Colors { get; }
    /// <summary>f_rest, channel-major per Gaussian.</summary>
    public float[] ShRest { get; }

    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    public static float Logit(float p)
    {
        p = Math.Clamp(p, 1e-6f, 1f - 1e-6f);
        return MathF.Log(p / (1f - p));
    }

    /// <summary>A new scene holding the given Gaussians in the given order (also used for shuffles and pruning).</summary>
    public GaussianScene Select(ReadOnlySpan<int> indices, int? shDegree = null)
    {
        var degree = shDegree ?? ShDegree;
        var result = new GaussianScene(indices.Length, degree);
        var rest = Math.Min(RestPerChannel[degree], RestPerChannel[ShDegree]);
        for (var j = 0; j < indices.Length; j++)
        {
            var i = indices[j];
            Positions.AsSpan(i * 3, 3).CopyTo(result.Positions.AsSpan(j * 3));
            Scales.AsSpan(i * 3, 3).CopyTo(result.Scales.AsSpan(j * 3));
            Rotations.AsSpan(i * 4, 4).CopyTo(result.Rotations.AsSpan(j * 4));
            Colors.AsSpan(i * 3, 3).CopyTo(result.Colors.AsSpan(j * 3));
            result.Opacities[j] = Opacities[i];
            for (var c = 0; c < 3; c++)
                ShRest.AsSpan(i * RestCount + c * RestPerChannel[ShDegree], rest)
                    .CopyTo(result.ShRest.AsSpan(j * result.RestCount + c * RestPerChannel[degree]));
        }
        return result;
    }

    public GaussianScene Clone() => WithShDegree(ShDegree);

    public GaussianScene WithShDegree(int degree)
    {
        var all = new int[Count];
        for (var i = 0; i < all.Length; i++) all[i] = i;
        return Select(all, degree);
    }

    /// <summary>Normalizes every quaternion in place (w = 1 for a zero one), so all readers hand out unit rotations.</summary>
    public void NormalizeRotations()
    {
        var r = Rotations;
        for (var i = 0; i < Count; i++)
        {
            var o = i * 4;
            var n = MathF.Sqrt(r[o] * r[o] + r[o + 1] * r[o + 1] + r[o + 2] * r[o + 2] + r[o + 3] * r[o + 3]);
            if (n < 1e-12f || !float.IsFinite(n)) { r[o] = 1; r[o + 1] = r[o + 2] = r[o + 3] = 0; continue; }
            r[o] /= n; r[o + 1] /= n; r[o + 2] /= n; r[o + 3] /= n;
        }
    }

    /// <summary>Axis-aligned bounds of the positions.</summary>
    public (float[] Min, float[] Max) Bounds()
    {
        float[] min = [float.MaxValue, float.MaxValue, float.MaxValue], max = [float.MinValue, float.MinValue, float.MinValue];
        for (var i = 0; i < Count; i++)
            for (var a = 0; a < 3; a++)
            {
                var v = Positions[i * 3 + a];
                if (v < min[a]) min[a] = v;
                if (v > max[a]) max[a] = v;
            }
        return (min, max);
    }
}
