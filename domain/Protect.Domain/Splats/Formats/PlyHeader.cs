using System.Text;
using Protect.Domain.Errors;

namespace Protect.Domain.Splats.Formats;

internal enum PlyType { Int8, UInt8, Int16, UInt16, Int32, UInt32, Float32, Float64 }

internal sealed record PlyProperty(string Name, PlyType Type, int Offset)
{
    public int Size => Type switch
    {
        PlyType.Int8 or PlyType.UInt8 => 1,
        PlyType.Int16 or PlyType.UInt16 => 2,
        PlyType.Float64 => 8,
        _ => 4,
    };
}

internal sealed class PlyElement(string name, long count)
{
    public string Name { get; } = name;
    public long Count { get; } = count;
    public List<PlyProperty> Properties { get; } = [];
    public int Stride => Properties.Count == 0 ? 0 : Properties[^1].Offset + Properties[^1].Size;
    public PlyProperty? Find(string name) => Properties.Find(p => p.Name == name);
}

/// <summary>
/// The text header of a binary little-endian PLY file. Parsed byte by byte from the stream (never more than
/// <see cref="MaxHeaderBytes"/>), so the caller's stream is left exactly at the first data byte.
/// </summary>
internal sealed class PlyHeader
{
    public const int MaxHeaderBytes = 64 * 1024;

    public List<PlyElement> Elements { get; } = [];
    public int HeaderBytes { get; private set; }

    public PlyElement? Find(string name) => Elements.Find(e => e.Name == name);

    public long DataBytes => Elements.Sum(e => e.Count * e.Stride);

    public static PlyHeader Read(Stream stream)
    {
        var header = new PlyHeader();
        var line = new StringBuilder();
        var first = true;
        PlyElement? current = null;
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0) throw new InvalidMediaException("The PLY header ends before end_header.");
            if (++header.HeaderBytes > MaxHeaderBytes) throw new InvalidMediaException("The PLY header is longer than 64 KB.");
            if (b == '\r') continue;
            if (b != '\n') { line.Append((char)b); continue; }
            var words = line.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            line.Clear();
            if (first)
            {
                if (words is not ["ply"]) throw new InvalidMediaException("Not a PLY file.");
                first = false;
                continue;
            }
            if (words.Length == 0 || words[0] is "comment" or "obj_info") continue;
            switch (words[0])
            {
                case "format" when words.Length >= 2:
                    if (words[1] != "binary_little_endian")
                        throw new InvalidMediaException($"PLY format '{words[1]}' is not supported; only binary_little_endian.");
                    break;
                case "element" when words.Length == 3 && long.TryParse(words[2], out var count) && count >= 0:
                    current = new PlyElement(words[1], count);
                    header.Elements.Add(current);
                    break;
                case "property" when words.Length == 3 && current is not null:
                    var offset = current.Stride;
                    current.Properties.Add(new PlyProperty(words[2], ParseType(words[1]), offset));
                    break;
                case "property" when words.Length > 1 && words[1] == "list":
                    throw new InvalidMediaException("PLY list properties are not supported in splat files.");
                case "end_header":
                    return header;
                default:
                    throw new InvalidMediaException($"Malformed PLY header line '{string.Join(' ', words)}'.");
            }
        }
    }

    private static PlyType ParseType(string name) => name switch
    {
        "char" or "int8" => PlyType.Int8,
        "uchar" or "uint8" => PlyType.UInt8,
        "short" or "int16" => PlyType.Int16,
        "ushort" or "uint16" => PlyType.UInt16,
        "int" or "int32" => PlyType.Int32,
        "uint" or "uint32" => PlyType.UInt32,
        "float" or "float32" => PlyType.Float32,
        "double" or "float64" => PlyType.Float64,
        _ => throw new InvalidMediaException($"Unknown PLY property type '{name}'."),
    };

    /// <summary>Checks the declared element sizes against the bytes that follow, before anything is allocated.</summary>
    public void CheckAgainst(Stream stream, long limitRows)
    {
        foreach (var e in Elements)
            if (e.Count > limitRows)
                throw new InvalidMediaException($"The file declares {e.Count:N0} {e.Name} rows; the limit is {limitRows:N0} Gaussians.");
        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining < DataBytes)
                throw new InvalidMediaException($"The file is truncated: the header declares {DataBytes:N0} data bytes but {remaining:N0} follow.");
        }
    }
}
