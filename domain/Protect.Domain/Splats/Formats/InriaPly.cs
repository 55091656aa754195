using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Protect.Domain.Errors;

namespace Protect.Domain.Splats.Formats;

/// <summary>
/// The INRIA 3DGS training layout: one `vertex` element of float properties x y z nx ny nz f_dc_0..2 f_rest_* opacity
/// scale_0..2 rot_0..3. Rows are read in blocks from the stream; unknown properties are skipped.
/// </summary>
internal static class InriaPly
{
    private const int BlockRows = 8192;

    public static GaussianScene Read(Stream stream, PlyHeader header, SplatLimits limits)
    {
        var vertex = header.Find("vertex") ?? throw new InvalidMediaException("The PLY file has no vertex element.");
        if (header.Elements[0] != vertex)
            throw new InvalidMediaException("The vertex element must come first in a splat PLY file.");
        header.CheckAgainst(stream, limits.MaxGaussians);
        var restCount = 0;
        while (vertex.Find($"f_rest_{restCount}") is not null) restCount++;
        var degree = Array.IndexOf([0, 9, 24, 45], restCount);
        if (degree < 0) throw new InvalidMediaException($"The PLY file has {restCount} f_rest properties; expected 0, 9, 24 or 45.");

        var scene = new GaussianScene((int)vertex.Count, degree);
        // (source property, destination array, index within the Gaussian's slot, slot width)
        var map = new List<(PlyProperty Source, float[] Target, int Index, int Width)>();
        void Map(string name, float[] target, int index, int width, bool required = true)
        {
            var p = vertex.Find(name);
            if (p is null) { if (required) throw new InvalidMediaException($"The PLY vertex element lacks '{name}'."); return; }
            map.Add((p, target, index, width));
        }
        for (var a = 0; a < 3; a++)
        {
            Map("xyz"[a].ToString(), scene.Positions, a, 3);
            Map($"scale_{a}", scene.Scales, a, 3);
            Map($"f_dc_{a}", scene.Colors, a, 3);
        }
        for (var a = 0; a < 4; a++) Map($"rot_{a}", scene.Rotations, a, 4);
        Map("opacity", scene.Opacities, 0, 1);
        for (var k = 0; k < restCount; k++) Map($"f_rest_{k}", scene.ShRest, k, restCount);

        var stride = vertex.Stride;
        var buffer = ArrayPool<byte>.Shared.Rent(stride * BlockRows);
        try
        {
            for (var start = 0; start < scene.Count; start += BlockRows)
            {
                var rows = Math.Min(BlockRows, scene.Count - start);
                var block = buffer.AsSpan(0, rows * stride);
                stream.ReadFully(block);
                foreach (var (source, target, index, width) in map)
                    for (var r = 0; r < rows; r++)
                    {
                        var v = ReadValue(block.Slice(r * stride + source.Offset), source.Type);
                        target[(start + r) * width + index] = StreamExtensions.Finite(v, source.Name);
                    }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        scene.NormalizeRotations();
        return scene;
    }

    private static int Put(Span<byte> row, int offset, ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(row.Slice(offset), v);
            offset += 4;
        }
        return offset;
    }

    private static float ReadValue(ReadOnlySpan<byte> b, PlyType type) => type switch
    {
        PlyType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(b),
        PlyType.Float64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
        PlyType.UInt8 => b[0],
        PlyType.Int8 => (sbyte)b[0],
        PlyType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(b),
        PlyType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(b),
        PlyType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(b),
        _ => BinaryPrimitives.ReadUInt32LittleEndian(b),
    };

    public static void Write(GaussianScene scene, Stream stream)
    {
        var names = new List<string> { "x", "y", "z", "nx", "ny", "nz", "f_dc_0", "f_dc_1", "f_dc_2" };
        for (var k = 0; k < scene.RestCount; k++) names.Add($"f_rest_{k}");
        names.AddRange(["opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3"]);
        var text = new StringBuilder("ply\nformat binary_little_endian 1.0\n");
        text.Append(CultureInfo.InvariantCulture, $"element vertex {scene.Count}\n");
        foreach (var n in names) text.Append(CultureInfo.InvariantCulture, $"property float {n}\n");
        text.Append("end_header\n");
        stream.Write(Encoding.ASCII.GetBytes(text.ToString()));

        var stride = names.Count * 4;
        var buffer = ArrayPool<byte>.Shared.Rent(stride * BlockRows);
        try
        {
            for (var start = 0; start < scene.Count; start += BlockRows)
            {
                var rows = Math.Min(BlockRows, scene.Count - start);
                for (var r = 0; r < rows; r++)
                {
                    var row = buffer.AsSpan(r * stride, stride);
                    var i = start + r;
                    var o = 0;
                    o = Put(row, o, scene.Positions.AsSpan(i * 3, 3));
                    o = Put(row, o, [0f, 0f, 0f]); // normals: unused by 3DGS, kept for tools that expect them
                    o = Put(row, o, scene.Colors.AsSpan(i * 3, 3));
                    o = Put(row, o, scene.ShRest.AsSpan(i * scene.RestCount, scene.RestCount));
                    o = Put(row, o, scene.Opacities.AsSpan(i, 1));
                    o = Put(row, o, scene.Scales.AsSpan(i * 3, 3));
                    Put(row, o, scene.Rotations.AsSpan(i * 4, 4));
                }
                stream.Write(buffer, 0, rows * stride);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
