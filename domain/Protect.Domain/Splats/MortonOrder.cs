namespace Protect.Domain.Splats;

/// <summary>Orders Gaussians along a 3D Morton curve so neighbours in the file are neighbours in space.</summary>
public static class MortonOrder
{
    public static int[] Of(GaussianScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var (min, max) = scene.Bounds();
        var keys = new ulong[scene.Count];
        var order = new int[scene.Count];
        for (var i = 0; i < scene.Count; i++)
        {
            ulong key = 0;
            for (var a = 0; a < 3; a++)
            {
                var extent = max[a] - min[a];
                var t = extent > 0 ? (scene.Positions[i * 3 + a] - min[a]) / extent : 0;
                key |= Spread((uint)Math.Clamp(t * 1023f, 0, 1023)) << a;
            }
            keys[i] = key;
            order[i] = i;
        }
        Array.Sort(keys, order);
        return order;
    }

    private static ulong Spread(uint v)
    {
        ulong x = v & 0x3ff;
        x = (x | (x << 16)) & 0x30000ff;
        x = (x | (x << 8)) & 0x300f00f;
        x = (x | (x << 4)) & 0x30c30c3;
        x = (x | (x << 2)) & 0x9249249;
        return x;
    }
}
