using Protect.Domain.Splats;

namespace Protect.Domain.Tests.Splats;

/// <summary>Small synthetic scenes and cached real ones for the splat tests.</summary>
internal static class SplatScenes
{
    private static readonly Lazy<GaussianScene> LazyGuitar = new(() => SplatFile.Read(TestData.Path("splats", "guitar.compressed.ply")).Scene);

    public static GaussianScene Guitar => LazyGuitar.Value;

    public static GaussianScene Random(int count, int degree, int seed = 1)
    {
        var rng = new Random(seed);
        var s = new GaussianScene(count, degree);
        float U(float lo, float hi) => lo + (float)rng.NextDouble() * (hi - lo);
        for (var i = 0; i < count; i++)
        {
            for (var a = 0; a < 3; a++)
            {
                s.Positions[i * 3 + a] = U(-5, 5);
                s.Scales[i * 3 + a] = U(-5, -1);
                s.Colors[i * 3 + a] = U(-1.5f, 1.5f);
            }
            s.Opacities[i] = U(-3, 5);
            for (var k = 0; k < 4; k++) s.Rotations[i * 4 + k] = U(-1, 1);
            for (var k = 0; k < s.RestCount; k++) s.ShRest[i * s.RestCount + k] = U(-0.4f, 0.4f);
        }
        s.NormalizeRotations();
        return s;
    }

    public static float MaxDiff(float[] a, float[] b)
    {
        var max = 0f;
        for (var i = 0; i < a.Length; i++) max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        return max;
    }

    /// <summary>Quaternions q and -q are the same rotation: compare up to sign.</summary>
    public static float MaxRotationDiff(GaussianScene a, GaussianScene b)
    {
        var max = 0f;
        for (var i = 0; i < a.Count; i++)
        {
            float dot = 0;
            for (var k = 0; k < 4; k++) dot += a.Rotations[i * 4 + k] * b.Rotations[i * 4 + k];
            max = MathF.Max(max, 1 - MathF.Abs(dot));
        }
        return max;
    }
}
