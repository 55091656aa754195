using System.Numerics;

namespace Protect.Domain.Splats.Rendering;

/// <summary>
/// A multi-threaded CPU port of the reference 3DGS forward rasterizer: project each Gaussian (3D covariance from
/// scale and rotation, EWA Jacobian, +0.3 low-pass), bin into 16x16 tiles in global depth order, then composite each
/// tile's pixels front to back with early termination once transmittance falls below 1e-4.
/// </summary>
public static class SplatRenderer
{
    private const int Tile = 16;

    /// <summary>Returns width*height*3 linear RGB in [0, 1] on a black background.</summary>
    public static float[] Render(GaussianScene scene, Camera camera)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(camera);
        var n = scene.Count;
        var p = new Projected[n];
        var depth = new float[n];
        Parallel.For(0, (n + 4095) / 4096, block =>
        {
            Span<float> basis = stackalloc float[16];
            for (var i = block * 4096; i < Math.Min(n, (block + 1) * 4096); i++)
                depth[i] = Project(scene, camera, i, ref p[i], basis) ? p[i].Depth : float.PositiveInfinity;
        });
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        Array.Sort(depth, order);
        var visible = Array.IndexOf(depth, float.PositiveInfinity);
        if (visible < 0) visible = n;

        int tilesX = (camera.Width + Tile - 1) / Tile, tilesY = (camera.Height + Tile - 1) / Tile;
        var counts = new int[tilesX * tilesY + 1];
        for (var k = 0; k < visible; k++)
        {
            ref var g = ref p[order[k]];
            for (var ty = g.TileY0; ty < g.TileY1; ty++)
                for (var tx = g.TileX0; tx < g.TileX1; tx++)
                    counts[ty * tilesX + tx + 1]++;
        }
        for (var t = 1; t < counts.Length; t++) counts[t] += counts[t - 1];
        var lists = new int[counts[^1]];
        var fill = (int[])counts.Clone();
        for (var k = 0; k < visible; k++) // global depth order, so every tile list is already sorted
        {
            var idx = order[k];
            ref var g = ref p[idx];
            for (var ty = g.TileY0; ty < g.TileY1; ty++)
                for (var tx = g.TileX0; tx < g.TileX1; tx++)
                    lists[fill[ty * tilesX + tx]++] = idx;
        }

        var image = new float[camera.Width * camera.Height * 3];
        Parallel.For(0, tilesX * tilesY, t => Composite(p, lists.AsSpan(counts[t], counts[t + 1] - counts[t]), t % tilesX, t / tilesX, camera, image));
        return image;
    }

    private struct Projected
    {
        public float X, Y, Depth, ConicA, ConicB, ConicC, Opacity, R, G, B, ReachX, ReachY;
        public int TileX0, TileX1, TileY0, TileY1;
    }

    private static bool Project(GaussianScene s, Camera cam, int i, ref Projected g, Span<float> basis)
    {
        var world = new Vector3(s.Positions[i * 3], s.Positions[i * 3 + 1], s.Positions[i * 3 + 2]);
        var rel = world - cam.Position;
        var c = new Vector3(Vector3.Dot(rel, cam.Right), Vector3.Dot(rel, cam.Down), Vector3.Dot(rel, cam.Forward));
        if (c.Z < 0.2f) return false;

        // Sigma = R S S^T R^T from the w-first quaternion and exp(log scale).
        float w = s.Rotations[i * 4], x = s.Rotations[i * 4 + 1], y = s.Rotations[i * 4 + 2], z = s.Rotations[i * 4 + 3];
        var r = new Matrix4x4(
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y), 0,
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x), 0,
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y), 0,
            0, 0, 0, 1);
        float sx = MathF.Exp(s.Scales[i * 3]), sy = MathF.Exp(s.Scales[i * 3 + 1]), sz = MathF.Exp(s.Scales[i * 3 + 2]);
        var m = r * Matrix4x4.CreateScale(sx, sy, sz); // columns are the scaled axes
        var sigma = m * Matrix4x4.Transpose(m);

        // Jacobian of the perspective projection at the (frustum-clamped) mean, times the view rotation.
        float limX = 1.3f * cam.TanHalfX, limY = 1.3f * cam.TanHalfY;
        var tx = Math.Clamp(c.X / c.Z, -limX, limX) * c.Z;
        var ty = Math.Clamp(c.Y / c.Z, -limY, limY) * c.Z;
        float fx = cam.Fx, fy = cam.Fy;
        var j0 = new Vector3(fx / c.Z, 0, -fx * tx / (c.Z * c.Z));
        var j1 = new Vector3(0, fy / c.Z, -fy * ty / (c.Z * c.Z));
        // T rows = J rows expressed in world axes: t_k = J_k0 * right + J_k1 * down + J_k2 * forward.
        var t0 = j0.X * cam.Right + j0.Y * cam.Down + j0.Z * cam.Forward;
        var t1 = j1.X * cam.Right + j1.Y * cam.Down + j1.Z * cam.Forward;
        var a = Quad(sigma, t0, t0) + 0.3f;
        var b = Quad(sigma, t0, t1);
        var cc = Quad(sigma, t1, t1) + 0.3f;
        var det = a * cc - b * b;
        if (det <= 0) return false;
        var mid = 0.5f * (a + cc);
        var lambda = mid + MathF.Sqrt(MathF.Max(0.1f, mid * mid - det));
        // 3 sigma as in the reference, tightened to where alpha would fall below 1/255 anyway (same image, fewer
        // tile entries for faint Gaussians).
        var opacity = GaussianScene.Sigmoid(s.Opacities[i]);
        if (opacity * 255f < 1f) return false;
        var reach = MathF.Min(3f, MathF.Sqrt(2f * MathF.Log(255f * opacity)));
        var radius = MathF.Ceiling(reach * MathF.Sqrt(lambda));
        g.X = fx * c.X / c.Z + cam.Width * 0.5f - 0.5f;
        g.Y = fy * c.Y / c.Z + cam.Height * 0.5f - 0.5f;
        g.TileX0 = Math.Clamp((int)((g.X - radius) / Tile), 0, (cam.Width + Tile - 1) / Tile);
        g.TileX1 = Math.Clamp((int)((g.X + radius + Tile - 1) / Tile), 0, (cam.Width + Tile - 1) / Tile);
        g.TileY0 = Math.Clamp((int)((g.Y - radius) / Tile), 0, (cam.Height + Tile - 1) / Tile);
        g.TileY1 = Math.Clamp((int)((g.Y + radius + Tile - 1) / Tile), 0, (cam.Height + Tile - 1) / Tile);
        if (g.TileX0 >= g.TileX1 || g.TileY0 >= g.TileY1) return false;
        g.ConicA = cc / det; g.ConicB = -b / det; g.ConicC = a / det;
        // Outside the box of the ellipse where alpha >= 1/255 every pixel would be skipped anyway; one pixel of
        // margin keeps rounding from dropping an edge pixel, so the image stays exactly the reference's.
        var cutoff = 2f * MathF.Log(255f * opacity);
        g.ReachX = MathF.Sqrt(cutoff * a) + 1f;
        g.ReachY = MathF.Sqrt(cutoff * cc) + 1f;
        g.Depth = c.Z;
        g.Opacity = opacity;

        var dir = Vector3.Normalize(rel);
        var used = SphericalHarmonics.Basis(dir.X, dir.Y, dir.Z, s.ShDegree, basis);
        var rest = s.RestCount / 3;
        Span<float> rgb = stackalloc float[3];
        for (var ch = 0; ch < 3; ch++)
        {
            var v = basis[0] * s.Colors[i * 3 + ch];
            for (var k = 1; k < used; k++) v += basis[k] * s.ShRest[i * s.RestCount + ch * rest + k - 1];
            rgb[ch] = MathF.Max(0, v + 0.5f);
        }
        g.R = rgb[0]; g.G = rgb[1]; g.B = rgb[2];
        return true;
    }

    private static float Quad(Matrix4x4 s, Vector3 u, Vector3 v) =>
        u.X * (s.M11 * v.X + s.M12 * v.Y + s.M13 * v.Z) + u.Y * (s.M21 * v.X + s.M22 * v.Y + s.M23 * v.Z) + u.Z * (s.M31 * v.X + s.M32 * v.Y + s.M33 * v.Z);

    /// <summary>
    /// Gaussian-major: each Gaussian of the tile's depth-ordered list is read once and applied to all 256 pixels,
    /// instead of every pixel walking the list through scattered memory. Per pixel the order, the skips and the
    /// early stop are those of the reference; the tile stops when every pixel is saturated.
    /// </summary>
    private static void Composite(Projected[] p, ReadOnlySpan<int> list, int tileX, int tileY, Camera cam, float[] image)
    {
        int x0 = tileX * Tile, y0 = tileY * Tile;
        int w = Math.Min(cam.Width, x0 + Tile) - x0, h = Math.Min(cam.Height, y0 + Tile) - y0;
        Span<float> t = stackalloc float[Tile * Tile];
        Span<float> r = stackalloc float[Tile * Tile];
        Span<float> gg = stackalloc float[Tile * Tile];
        Span<float> b = stackalloc float[Tile * Tile];
        Span<bool> done = stackalloc bool[Tile * Tile];
        t.Fill(1f);
        r.Clear(); gg.Clear(); b.Clear(); done.Clear();
        var remaining = w * h;
        foreach (var idx in list)
        {
            ref var g = ref p[idx];
            int pyLo = Math.Max(0, (int)MathF.Floor(g.Y - g.ReachY) - y0), pyHi = Math.Min(h - 1, (int)MathF.Ceiling(g.Y + g.ReachY) - y0);
            int pxLo = Math.Max(0, (int)MathF.Floor(g.X - g.ReachX) - x0), pxHi = Math.Min(w - 1, (int)MathF.Ceiling(g.X + g.ReachX) - x0);
            for (var py = pyLo; py <= pyHi; py++)
            {
                var dy = g.Y - (y0 + py);
                for (var px = pxLo; px <= pxHi; px++)
                {
                    var k = py * Tile + px;
                    if (done[k]) continue;
                    var dx = g.X - (x0 + px);
                    var power = -0.5f * (g.ConicA * dx * dx + g.ConicC * dy * dy) - g.ConicB * dx * dy;
                    if (power > 0) continue;
                    var alpha = MathF.Min(0.99f, g.Opacity * MathF.Exp(power));
                    if (alpha < 1f / 255f) continue;
                    var next = t[k] * (1 - alpha);
                    if (next < 1e-4f)
                    {
                        done[k] = true;
                        remaining--;
                        continue;
                    }
                    r[k] += g.R * alpha * t[k]; gg[k] += g.G * alpha * t[k]; b[k] += g.B * alpha * t[k];
                    t[k] = next;
                }
            }
            if (remaining == 0) break;
        }
        for (var py = 0; py < h; py++)
            for (var px = 0; px < w; px++)
            {
                var k = py * Tile + px;
                var o = ((y0 + py) * cam.Width + x0 + px) * 3;
                image[o] = r[k]; image[o + 1] = gg[k]; image[o + 2] = b[k];
            }
    }
}
