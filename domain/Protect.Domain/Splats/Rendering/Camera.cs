using System.Numerics;

namespace Protect.Domain.Splats.Rendering;

/// <summary>
/// A pinhole camera in the 3DGS (OpenCV) convention: camera space x right, y down, z forward. The view rotation
/// rows are the camera axes in world coordinates.
/// </summary>
public sealed record Camera(Vector3 Position, Vector3 Right, Vector3 Down, Vector3 Forward, int Width, int Height, float FovY)
{
    public float Fy => Height / (2 * MathF.Tan(FovY / 2));
    public float Fx => Fy;
    public float TanHalfX => Width / (2 * Fx);
    public float TanHalfY => Height / (2 * Fy);

    public static Camera LookAt(Vector3 eye, Vector3 target, Vector3 up, int width, int height, float fovY)
    {
        var forward = Vector3.Normalize(target - eye);
        var right = Vector3.Normalize(Vector3.Cross(forward, up));
        var down = Vector3.Cross(forward, right);
        return new Camera(eye, right, down, forward, width, height, fovY);
    }

    /// <summary>
    /// N cameras on a circle around the scene's core (5th-95th percentile box, so floaters do not set the distance),
    /// slightly above it, all looking at its centre.
    /// </summary>
    public static IReadOnlyList<Camera> Orbit(GaussianScene scene, int views, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var (lo, hi) = CoreBounds(scene);
        var center = (lo + hi) / 2;
        var radius = MathF.Max((hi - lo).Length() * 0.9f, 1e-3f);
        var up = new Vector3(0, -1, 0); // COLMAP-trained scenes are y-down
        var cameras = new List<Camera>(views);
        for (var v = 0; v < views; v++)
        {
            var angle = 2 * MathF.PI * v / views;
            var eye = center + new Vector3(MathF.Cos(angle) * radius, -0.35f * radius, MathF.Sin(angle) * radius);
            cameras.Add(LookAt(eye, center, up, width, height, 50f * MathF.PI / 180f));
        }
        return cameras;
    }

    private static (Vector3 Lo, Vector3 Hi) CoreBounds(GaussianScene scene)
    {
        var lo = new float[3];
        var hi = new float[3];
        var step = Math.Max(1, scene.Count / 20000); // a sample is plenty for percentiles
        var values = new List<float>();
        for (var a = 0; a < 3; a++)
        {
            values.Clear();
            for (var i = 0; i < scene.Count; i += step) values.Add(scene.Positions[i * 3 + a]);
            values.Sort();
            lo[a] = values.Count == 0 ? 0 : values[(int)(values.Count * 0.05)];
            hi[a] = values.Count == 0 ? 0 : values[(int)(values.Count * 0.95)];
        }
        return (new Vector3(lo[0], lo[1], lo[2]), new Vector3(hi[0], hi[1], hi[2]));
    }
}
