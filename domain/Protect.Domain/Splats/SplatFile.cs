using Protect.Domain.Errors;
using Protect.Domain.Splats.Formats;

namespace Protect.Domain.Splats;

public enum SplatFormat { Ply, CompressedPly, Splat, Spz }

/// <summary>
/// Reads and writes every supported splat format. The format comes from the content (PLY header, gzip or NGSP magic);
/// only the headerless .splat needs its file extension.
/// </summary>
public static class SplatFile
{
    public static (GaussianScene Scene, SplatFormat Format) Read(Stream stream, string? fileName = null, SplatLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= SplatLimits.Default;
        try
        {
            var format = Detect(stream, fileName);
            var scene = format switch
            {
                SplatFormat.Splat => AntimatterSplat.Read(stream, limits),
                SplatFormat.Spz => Spz.Read(stream, limits),
                _ => ReadPly(stream, limits, out format),
            };
            return (scene, format);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidMediaException($"The compressed data is corrupt ({e.Message}).");
        }
        catch (EndOfStreamException)
        {
            throw new InvalidMediaException("The file is truncated.");
        }
    }

    public static (GaussianScene Scene, SplatFormat Format) Read(string path, SplatLimits? limits = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Read(stream, path, limits);
    }

    private static GaussianScene ReadPly(Stream stream, SplatLimits limits, out SplatFormat format)
    {
        var header = PlyHeader.Read(stream);
        format = CompressedPly.IsCompressed(header) ? SplatFormat.CompressedPly : SplatFormat.Ply;
        return format == SplatFormat.CompressedPly ? CompressedPly.Read(stream, header, limits) : InriaPly.Read(stream, header, limits);
    }

    /// <summary>Sniffs the first bytes and rewinds (the stream must be seekable for sniffing).</summary>
    public static SplatFormat Detect(Stream stream, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException("Format detection needs a seekable stream.", nameof(stream));
        Span<byte> magic = stackalloc byte[4];
        var start = stream.Position;
        var read = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        stream.Position = start;
        if (read == 4 && magic.SequenceEqual("ply\n"u8)) return SplatFormat.Ply;
        if (read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return SplatFormat.Spz;
        if (read == 4 && magic.SequenceEqual("NGSP"u8)) return SplatFormat.Spz;
        if (fileName is not null && Path.GetExtension(fileName).Equals(".splat", StringComparison.OrdinalIgnoreCase))
            return SplatFormat.Splat;
        throw new InvalidMediaException("Not a supported splat file (.ply, compressed .ply, .splat or .spz).");
    }

    public static void Write(GaussianScene scene, Stream stream, SplatFormat format)
    {
        ArgumentNullException.ThrowIfNull(scene);
        switch (format)
        {
            case SplatFormat.Ply: InriaPly.Write(scene, stream); break;
            case SplatFormat.CompressedPly: CompressedPly.Write(scene, stream); break;
            case SplatFormat.Splat: AntimatterSplat.Write(scene, stream); break;
            case SplatFormat.Spz: Spz.Write(scene, stream); break;
            default: throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>The format a file name asks for: .splat, .spz, .compressed.ply, otherwise .ply.</summary>
    public static SplatFormat FormatFor(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = fileName.ToLowerInvariant();
        if (name.EndsWith(".splat", StringComparison.Ordinal)) return SplatFormat.Splat;
        if (name.EndsWith(".spz", StringComparison.Ordinal)) return SplatFormat.Spz;
        if (name.EndsWith(".compressed.ply", StringComparison.Ordinal)) return SplatFormat.CompressedPly;
        if (name.EndsWith(".ply", StringComparison.Ordinal)) return SplatFormat.Ply;
        throw new InvalidMediaException($"Unknown splat file extension in '{Path.GetFileName(fileName)}'; use .ply, .compressed.ply, .splat or .spz.");
    }

    /// <summary>Round trip through a format in memory (used for the conversion attacks).</summary>
    public static GaussianScene Convert(GaussianScene scene, SplatFormat format)
    {
        using var memory = new MemoryStream();
        Write(scene, memory, format);
        memory.Position = 0;
        return Read(memory, format == SplatFormat.Splat ? "x.splat" : null).Scene;
    }
}
