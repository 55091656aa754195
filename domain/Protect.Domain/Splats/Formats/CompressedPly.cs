using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Protect.Domain.Errors;

namespace Protect.Domain.Splats.Formats;

/// <summary>
/// SuperSplat's compressed PLY: a `chunk` element of per-256-splat float bounds, a `vertex` element of four packed
/// uints (position 11/10/11 and scale 11/10/11 within the chunk bounds, rotation as smallest-three 2+10/10/10, colour
/// and opacity 8/8/8/8) and an optional `sh` element of uchar f_rest values.
/// </summary>
internal static class CompressedPly
{
    public const int ChunkSize = 256;
    private static readonly string[] ChunkProps =
    [
        "min_x", "min_y", "min_z", "max_x", "max_y", "max_z",
        "min_scale_x", "min_scale_y", "min_scale_z", "max_scale_x", "max_scale_y", "max_scale_z",
        "min_r", "min_g", "min_b", "max_r", "max_g", "max_b",
    ];

    public static bool IsCompressed(PlyHeader header) => header.Find("chunk") is not null;

    public static GaussianScene Read(Stream stream, PlyHeader header, SplatLimits limits)
    {
        header.CheckAgainst(stream, limits.MaxGaussians);
        var chunk = header.Elements.Count > 0 && header.Elements[0].Name == "chunk" ? header.Elements[0]
            : throw new InvalidMediaException("A compressed PLY must start with its chunk element.");
        var vertex = header.Elements.Count > 1 && header.Elements[1].Name == "vertex" ? header.Elements[1]
            : throw new InvalidMediaException("A compressed PLY needs a vertex element after the chunks.");
        var sh = header.Elements.Count > 2 ? header.Elements[2] : null;
        if (header.Elements.Count > 3 || (sh is not null && sh.Name != "sh"))
            throw new InvalidMediaException("Unexpected elements in a compressed PLY.");
        var hasColorBounds = chunk.Properties.Count == 18;
        if ((chunk.Properties.Count != 12 && !hasColorBounds) || chunk.Properties.Any(p => p.Type != PlyType.Float32)
            || chunk.Properties.Select(p => p.Name).Where((n, i) => n != ChunkProps[i]).Any())
            throw new InvalidMediaException("The compressed PLY chunk element does not have the expected float properties.");
        string[] packed = ["packed_position", "packed_rotation", "packed_scale", "packed_color"];
        if (vertex.Properties.Count != 4 || vertex.Properties.Select(p => p.Name).Where((n, i) => n != packed[i]).Any()
            || vertex.Properties.Any(p => p.Type != PlyType.UInt32))
            throw new InvalidMediaException("The compressed PLY vertex element does not have the expected packed properties.");
        if ((vertex.Count + ChunkSize - 1) / ChunkSize != chunk.Count)
            throw new InvalidMediaException($"The compressed PLY declares {chunk.Count} chunks for {vertex.Count} splats; expected {(vertex.Count + ChunkSize - 1) / ChunkSize}.");
        var restCount = sh?.Properties.Count ?? 0;
        var degree = Array.IndexOf([0, 9, 24, 45], restCount);
        if (degree < 0 || (sh is not null && (sh.Count != vertex.Count || sh.Properties.Any(p => p.Type != PlyType.UInt8))))
            throw new InvalidMediaException("The compressed PLY sh element does not match the splats (0, 9, 24 or 45 uchar values each).");

        var chunks = new byte[checked((int)(chunk.Count * chunk.Stride))];
        stream.ReadFully(chunks);
        var scene = new GaussianScene((int)vertex.Count, degree);
        var row = new byte[16 * ChunkSize];
        Span<float> b = stackalloc float[18];
        for (var c = 0; c < chunk.Count; c++)
        {
            for (var k = 0; k < chunk.Properties.Count; k++)
                b[k] = StreamExtensions.Finite(BinaryPrimitives.ReadSingleLittleEndian(chunks.AsSpan(c * chunk.Stride + k * 4)), "chunk bound");
            var start = c * ChunkSize;
            var rows = Math.Min(ChunkSize, scene.Count - start);
            stream.ReadFully(row.AsSpan(0, rows * 16));
            for (var r = 0; r < rows; r++)
                Unpack(scene, start + r, row.AsSpan(r * 16, 16), b, hasColorBounds);
        }
        if (sh is not null)
        {
            var bytes = new byte[restCount * Math.Min(scene.Count, 65536)];
            for (var start = 0; start < scene.Count; start += 65536)
            {
                var rows = Math.Min(65536, scene.Count - start);
                stream.ReadFully(bytes.AsSpan(0, rows * restCount));
                for (var k = 0; k < rows * restCount; k++)
                {
                    var v = bytes[k];
                    var n = v == 0 ? 0f : v == 255 ? 1f : (v + 0.5f) / 256f;
                    scene.ShRest[start * restCount + k] = (n - 0.5f) * 8f;
                }
            }
        }
        return scene;
    }

    private static void Unpack(GaussianScene s, int i, ReadOnlySpan<byte> row, ReadOnlySpan<float> b, bool colorBounds)
    {
        var pos = BinaryPrimitives.ReadUInt32LittleEndian(row);
        var rot = BinaryPrimitives.ReadUInt32LittleEndian(row[4..]);
        var scale = BinaryPrimitives.ReadUInt32LittleEndian(row[8..]);
        var color = BinaryPrimitives.ReadUInt32LittleEndian(row[12..]);
        Span<float> p = [Unorm(pos >> 21, 11), Unorm(pos >> 11, 10), Unorm(pos, 11)];
        Span<float> sc = [Unorm(scale >> 21, 11), Unorm(scale >> 11, 10), Unorm(scale, 11)];
        for (var a = 0; a < 3; a++)
        {
            s.Positions[i * 3 + a] = Lerp(b[a], b[3 + a], p[a]);
            s.Scales[i * 3 + a] = Lerp(b[6 + a], b[9 + a], sc[a]);
            var c = Unorm(color >> (24 - 8 * a), 8);
            if (colorBounds) c = Lerp(b[12 + a], b[15 + a], c);
            s.Colors[i * 3 + a] = (c - 0.5f) / GaussianScene.ShC0;
        }
        s.Opacities[i] = GaussianScene.Logit(Unorm(color, 8));
        const float norm = 1.4142135f; // the three smallest components lie in [-1/sqrt2, 1/sqrt2]
        Span<float> q = stackalloc float[4];
        var largest = (int)(rot >> 30);
        float sum = 0;
        for (int k = 0, shift = 20; k < 4; k++)
        {
            if (k == largest) continue;
            q[k] = (Unorm(rot >> shift, 10) - 0.5f) * norm;
            sum += q[k] * q[k];
            shift -= 10;
        }
        q[largest] = MathF.Sqrt(MathF.Max(0, 1 - sum));
        q.CopyTo(s.Rotations.AsSpan(i * 4, 4));
    }

    private static float Unorm(uint value, int bits) => (value & ((1u << bits) - 1)) / (float)((1u << bits) - 1);
    private static float Lerp(float a, float b, float t) => a * (1 - t) + b * t;

    public static void Write(GaussianScene input, Stream stream)
    {
        var scene = input.Select(MortonOrder.Of(input)); // spatially coherent chunks keep the 11-bit bounds tight
        var chunks = (scene.Count + ChunkSize - 1) / ChunkSize;
        var text = new StringBuilder("ply\nformat binary_little_endian 1.0\ncomment Written by Protect\n");
        text.Append(CultureInfo.InvariantCulture, $"element chunk {chunks}\n");
        foreach (var p in ChunkProps) text.Append(CultureInfo.InvariantCulture, $"property float {p}\n");
        text.Append(CultureInfo.InvariantCulture, $"element vertex {scene.Count}\n");
        foreach (var p in (string[])["packed_position", "packed_rotation", "packed_scale", "packed_color"])
            text.Append(CultureInfo.InvariantCulture, $"property uint {p}\n");
        if (scene.RestCount > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"element sh {scene.Count}\n");
            for (var k = 0; k < scene.RestCount; k++) text.Append(CultureInfo.InvariantCulture, $"property uchar f_rest_{k}\n");
        }
        text.Append("end_header\n");
        stream.Write(Encoding.ASCII.GetBytes(text.ToString()));

        var bounds = new float[chunks * 18];
        for (var c = 0; c < chunks; c++)
            CompressedPlyPacking.ChunkBounds(scene, c * ChunkSize, Math.Min(ChunkSize, scene.Count - c * ChunkSize), bounds.AsSpan(c * 18, 18));
        var buffer = new byte[Math.Max(chunks * 18 * 4, 16 * ChunkSize)];
        for (var k = 0; k < chunks * 18; k++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(k * 4), bounds[k]);
        stream.Write(buffer, 0, chunks * 18 * 4);
        for (var c = 0; c < chunks; c++)
        {
            var start = c * ChunkSize;
            var rows = Math.Min(ChunkSize, scene.Count - start);
            for (var r = 0; r < rows; r++)
                CompressedPlyPacking.Pack(scene, start + r, bounds.AsSpan(c * 18, 18), buffer.AsSpan(r * 16, 16));
            stream.Write(buffer, 0, rows * 16);
        }
        if (scene.RestCount > 0)
        {
            var sh = new byte[scene.ShRest.Length];
            for (var k = 0; k < sh.Length; k++)
                sh[k] = (byte)Math.Clamp((int)MathF.Floor((scene.ShRest[k] / 8f + 0.5f) * 256f), 0, 255);
            stream.Write(sh);
        }
    }
}
