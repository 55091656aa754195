using System.Numerics;

namespace Protect.Domain.Splats.Watermarking;

/// <summary>
/// Brings a moved, rotated or scaled copy back into its original's frame from second moments: centroids give the
/// translation, the covariance traces the scale, and the principal axes the rotation up to the signs of the axes,
/// so every proper sign choice is returned as a candidate (the keyed check picks the right one).
/// </summary>
public static class SplatAlignment
{
    public static IEnumerable<GaussianScene> Candidates(GaussianScene suspect, GaussianScene original)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(original);
        var (cs, es, vs) = Moments(suspect);
        var (co, eo, vo) = Moments(original);
        var scale = MathF.Sqrt((eo[0] + eo[1] + eo[2]) / MathF.Max(es[0] + es[1] + es[2], 1e-20f));
        foreach (var (a, b) in new[] { (1, 1), (1, -1), (-1, 1), (-1, -1) })
        {
            // Axis k of the suspect maps onto axis k of the original; the third sign keeps the rotation proper.
            var signs = new[] { a, b, 0f };
            var r = new float[3, 3];
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i < 3; i++)
                    for (var j = 0; j < 3; j++)
                        r[i, j] = vo[i, 0] * signs[0] * vs[j, 0] + vo[i, 1] * signs[1] * vs[j, 1] + vo[i, 2] * (signs[2] == 0 ? 1 : signs[2]) * vs[j, 2];
                if (pass == 0) signs[2] = Det(r) < 0 ? -1 : 1;
            }
            var m = new Matrix4x4(r[0, 0], r[1, 0], r[2, 0], 0, r[0, 1], r[1, 1], r[2, 1], 0, r[0, 2], r[1, 2], r[2, 2], 0, 0, 0, 0, 1);
            var rotation = Quaternion.CreateFromRotationMatrix(m);
            var moved = SplatAttacks.Transform(suspect, Quaternion.Identity, 1, -cs);
            moved = SplatAttacks.Transform(moved, rotation, scale, co);
            yield return moved;
        }
    }

    private static float Det(float[,] r) =>
        r[0, 0] * (r[1, 1] * r[2, 2] - r[1, 2] * r[2, 1]) - r[0, 1] * (r[1, 0] * r[2, 2] - r[1, 2] * r[2, 0]) + r[0, 2] * (r[1, 0] * r[2, 1] - r[1, 1] * r[2, 0]);

    /// <summary>Centroid, eigenvalues (descending) and eigenvectors (columns) of the position covariance.</summary>
    private static (Vector3 Centroid, float[] Values, float[,] Vectors) Moments(GaussianScene s)
    {
        double cx = 0, cy = 0, cz = 0;
        for (var i = 0; i < s.Count; i++) { cx += s.Positions[i * 3]; cy += s.Positions[i * 3 + 1]; cz += s.Positions[i * 3 + 2]; }
        cx /= s.Count; cy /= s.Count; cz /= s.Count;
        var c = new double[3, 3];
        for (var i = 0; i < s.Count; i++)
        {
            double[] d = [s.Positions[i * 3] - cx, s.Positions[i * 3 + 1] - cy, s.Positions[i * 3 + 2] - cz];
            for (var a = 0; a < 3; a++) for (var b = 0; b < 3; b++) c[a, b] += d[a] * d[b] / s.Count;
        }
        var (values, vectors) = Jacobi(c);
        return (new Vector3((float)cx, (float)cy, (float)cz), values, vectors);
    }

    private static (float[] Values, float[,] Vectors) Jacobi(double[,] a)
    {
        var v = new double[3, 3] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (var sweep = 0; sweep < 50; sweep++)
        {
            for (var p = 0; p < 2; p++)
                for (var q = p + 1; q < 3; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-30) continue;
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var cos = 1 / Math.Sqrt(t * t + 1);
                    var sin = t * cos;
                    for (var k = 0; k < 3; k++)
                    {
                        var akp = a[k, p]; var akq = a[k, q];
                        a[k, p] = cos * akp - sin * akq; a[k, q] = sin * akp + cos * akq;
                    }
                    for (var k = 0; k < 3; k++)
                    {
                        var apk = a[p, k]; var aqk = a[q, k];
                        a[p, k] = cos * apk - sin * aqk; a[q, k] = sin * apk + cos * aqk;
                    }
                    for (var k = 0; k < 3; k++)
                    {
                        var vkp = v[k, p]; var vkq = v[k, q];
                        v[k, p] = cos * vkp - sin * vkq; v[k, q] = sin * vkp + cos * vkq;
                    }
                }
        }
        var order = new[] { 0, 1, 2 }.OrderByDescending(k => a[k, k]).ToArray();
        var values = order.Select(k => (float)a[k, k]).ToArray();
        var vectors = new float[3, 3];
        for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) vectors[i, j] = (float)v[i, order[j]];
        return (values, vectors);
    }
}

public sealed record SplatVerdict(SplatReading Reading, bool AlignmentApplied);

/// <summary>Blind detection first; with the stored original, alignment candidates next.</summary>
public static class SplatDetector
{
    public static SplatVerdict Detect(SplatWatermarkEngine engine, GaussianScene suspect, Keys.WatermarkKey key, GaussianScene? original = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var blind = engine.Detect(suspect, key);
        if (blind.Detected || original is null) return new SplatVerdict(blind, false);
        var exponent = SplatMarkLayout.ExponentFor(SplatWatermarkEngine.CoreExtent(original));
        foreach (var candidate in SplatAlignment.Candidates(suspect, original))
        {
            var reading = engine.Detect(candidate, key, [exponent - 1, exponent, exponent + 1]);
            if (reading.Detected)
                return new SplatVerdict(reading with { FalseMatchProbability = Math.Min(1, reading.FalseMatchProbability + blind.FalseMatchProbability) }, true);
        }
        return new SplatVerdict(blind, false);
    }
}
