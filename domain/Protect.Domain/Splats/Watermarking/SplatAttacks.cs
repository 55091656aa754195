using System.Numerics;

namespace Protect.Domain.Splats.Watermarking;

/// <summary>The edits a scene can suffer between publication and detection; used by the tests and the benchmark.</summary>
public static class SplatAttacks
{
    public static GaussianScene Shuffle(GaussianScene s, int seed)
    {
        ArgumentNullException.ThrowIfNull(s);
        var order = Enumerable.Range(0, s.Count).ToArray();
        new Random(seed).Shuffle(order);
        return s.Select(order);
    }

    public static GaussianScene RemoveRandom(GaussianScene s, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(s);
        var rng = new Random(seed);
        return s.Select(Enumerable.Range(0, s.Count).Where(_ => rng.NextDouble() >= fraction).ToArray());
    }

    public static GaussianScene RemoveLeastOpaque(GaussianScene s, double fraction)
    {
        ArgumentNullException.ThrowIfNull(s);
        var order = Enumerable.Range(0, s.Count).OrderBy(i => s.Opacities[i]).Skip((int)(s.Count * fraction)).ToArray();
        return s.Select(order);
    }

    public static GaussianScene Float16(GaussianScene s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var r = s.Clone();
        foreach (var a in new[] { r.Positions, r.Scales, r.Rotations, r.Opacities, r.Colors, r.ShRest })
            for (var i = 0; i < a.Length; i++) a[i] = (float)(Half)a[i];
        r.NormalizeRotations();
        return r;
    }

    /// <summary>Uniform noise of +-fraction of each attribute's range (max - min over the scene), per component.</summary>
    public static GaussianScene Noise(GaussianScene s, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(s);
        var r = s.Clone();
        var rng = new Random(seed);
        void Perturb(float[] a, int stride)
        {
            for (var k = 0; k < stride; k++)
            {
                float lo = float.MaxValue, hi = float.MinValue;
                for (var i = k; i < a.Length; i += stride) { lo = MathF.Min(lo, a[i]); hi = MathF.Max(hi, a[i]); }
                var amp = (float)fraction * (hi - lo);
                for (var i = k; i < a.Length; i += stride) a[i] += amp * (float)(rng.NextDouble() * 2 - 1);
            }
        }
        Perturb(r.Positions, 3); Perturb(r.Scales, 3); Perturb(r.Rotations, 4); Perturb(r.Opacities, 1); Perturb(r.Colors, 3);
        r.NormalizeRotations();
        return r;
    }

    /// <summary>Keeps the Gaussians in the lower half of the bounding box along its longest axis.</summary>
    public static GaussianScene CropHalf(GaussianScene s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var (min, max) = s.Bounds();
        var axis = 0;
        for (var a = 1; a < 3; a++) if (max[a] - min[a] > max[axis] - min[axis]) axis = a;
        var mid = (min[axis] + max[axis]) / 2;
        return s.Select(Enumerable.Range(0, s.Count).Where(i => s.Positions[i * 3 + axis] <= mid).ToArray());
    }

    public static GaussianScene DropSh(GaussianScene s) => (s ?? throw new ArgumentNullException(nameof(s))).WithShDegree(0);

    /// <summary>x' = scale * R x + t, applied to positions, scales and rotations alike.</summary>
    public static GaussianScene Transform(GaussianScene s, Quaternion rotation, float scale, Vector3 translation)
    {
        ArgumentNullException.ThrowIfNull(s);
        var r = s.Clone();
        var logScale = MathF.Log(scale);
        for (var i = 0; i < r.Count; i++)
        {
            var p = new Vector3(r.Positions[i * 3], r.Positions[i * 3 + 1], r.Positions[i * 3 + 2]);
            p = Vector3.Transform(p, rotation) * scale + translation;
            r.Positions[i * 3] = p.X; r.Positions[i * 3 + 1] = p.Y; r.Positions[i * 3 + 2] = p.Z;
            for (var a = 0; a < 3; a++) r.Scales[i * 3 + a] += logScale;
            var q = new Quaternion(r.Rotations[i * 4 + 1], r.Rotations[i * 4 + 2], r.Rotations[i * 4 + 3], r.Rotations[i * 4]);
            q = Quaternion.Normalize(rotation * q);
            r.Rotations[i * 4] = q.W; r.Rotations[i * 4 + 1] = q.X; r.Rotations[i * 4 + 2] = q.Y; r.Rotations[i * 4 + 3] = q.Z;
        }
        return r;
    }
}
