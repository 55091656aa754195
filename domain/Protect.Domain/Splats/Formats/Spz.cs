using System.Buffers.Binary;
using System.IO.Compression;
using Protect.Domain.Errors;
using ZstdSharp;

namespace Protect.Domain.Splats.Formats;

/// <summary>
/// Niantic's SPZ. v2/v3: one gzip stream holding a 16-byte header then the attribute blocks (24-bit fixed-point
/// positions, alpha, colour, log-scale, rotation, SH bytes). v4: a plain 32-byte header, a table of
/// (compressed, uncompressed) sizes, and one ZSTD stream per attribute block. Decompressed sizes are always derived
/// from the checked splat count and never exceeded, which is what defeats gzip and ZSTD bombs.
/// </summary>
internal static class Spz
{
    private const uint Magic = 0x5053474e; // "NGSP"
    private const int GzipMaxRatio = 1100; // deflate cannot expand more than ~1032:1

    public static GaussianScene Read(Stream stream, SplatLimits limits)
    {
        Span<byte> head = stackalloc byte[4];
        stream.ReadFully(head);
        if (head[0] == 0x1f && head[1] == 0x8b)
        {
            var compressed = stream.CanSeek ? stream.Length : long.MaxValue / GzipMaxRatio;
            using var prefixed = new PrefixStream(head.ToArray(), stream);
            using var gzip = new GZipStream(prefixed, CompressionMode.Decompress);
            return ReadV2V3(gzip, limits, compressed * GzipMaxRatio);
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(head) != Magic) throw new InvalidMediaException("Not an SPZ file.");
        Span<byte> rest = stackalloc byte[12];
        stream.ReadFully(rest);
        var version = BinaryPrimitives.ReadUInt32LittleEndian(rest);
        if (version == 4) return SpzV4.Read(stream, rest, limits);
        // An uncompressed v2/v3 body ("raw" SPZ): the same layout without the gzip wrapper.
        using var raw = new PrefixStream([.. head, .. rest], stream);
        return ReadV2V3(raw, limits, stream.CanSeek ? stream.Length : long.MaxValue);
    }

    private static GaussianScene ReadV2V3(Stream body, SplatLimits limits, long maxDecompressed)
    {
        var header = new byte[16];
        body.ReadFully(header);
        var (count, degree, fractional, version) = ParseHeader(header, limits);
        if (version is not (2 or 3)) throw new InvalidMediaException($"SPZ version {version} is not supported here.");
        var layout = new SpzLayout(count, degree, version);
        if (16 + layout.TotalBytes > maxDecompressed)
            throw new InvalidMediaException("The SPZ header declares more data than the compressed file can hold.");
        var data = new byte[layout.TotalBytes];
        body.ReadFully(data);
        // Trailing data past the declared blocks would be a bomb or a lie; read at most a little to find out.
        Span<byte> probe = stackalloc byte[1];
        if (body.Read(probe) > 0) throw new InvalidMediaException("The SPZ data is longer than its header declares.");
        return SpzCodec.Decode(data, layout, fractional);
    }

    internal static (int Count, int Degree, int Fractional, uint Version) ParseHeader(ReadOnlySpan<byte> h, SplatLimits limits)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(h) != Magic) throw new InvalidMediaException("Not an SPZ file (bad magic).");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(h[4..]);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(h[8..]);
        if (count > limits.MaxGaussians)
            throw new InvalidMediaException($"The SPZ file declares {count:N0} splats; the limit is {limits.MaxGaussians:N0} Gaussians.");
        if (h[12] > 3) throw new InvalidMediaException($"SPZ SH degree {h[12]} is not supported.");
        if (h[13] > 24) throw new InvalidMediaException($"SPZ fractional bits {h[13]} are out of range.");
        return ((int)count, h[12], h[13], version);
    }

    /// <summary>Writes v3 (gzip) or v4 (ZSTD streams).</summary>
    public static void Write(GaussianScene scene, Stream stream, int version = 4)
    {
        var layout = new SpzLayout(scene.Count, scene.ShDegree, (uint)version);
        var fractional = SpzCodec.FractionalBits(scene);
        var data = SpzCodec.Encode(scene, layout, fractional);
        if (version == 4) { SpzV4.Write(stream, layout, fractional, data); return; }
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)scene.Count);
        header[12] = (byte)scene.ShDegree;
        header[13] = (byte)fractional;
        using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        gzip.Write(header);
        gzip.Write(data);
    }
}

/// <summary>The v4 container: header, table of contents, ZSTD streams.</summary>
internal static class SpzV4
{
    public static GaussianScene Read(Stream stream, ReadOnlySpan<byte> headRest, SplatLimits limits)
    {
        var header = new byte[32];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x5053474e);
        headRest.CopyTo(header.AsSpan(4));
        stream.ReadFully(header.AsSpan(16));
        var (count, degree, fractional, _) = Spz.ParseHeader(header, limits);
        var layout = new SpzLayout(count, degree, 4);
        var streams = header[15];
        var toc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16));
        if (streams != layout.Blocks.Length || toc != 32)
            throw new InvalidMediaException($"The SPZ v4 file has {streams} streams (table at {toc}); expected {layout.Blocks.Length} at 32.");
        var table = new byte[streams * 16];
        stream.ReadFully(table);
        var data = new byte[layout.TotalBytes];
        using var zstd = new Decompressor();
        var offset = 0;
        for (var k = 0; k < streams; k++)
        {
            var compressed = BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(k * 16));
            var size = BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(k * 16 + 8));
            if (size != (ulong)layout.Blocks[k] || compressed > (ulong)(stream.CanSeek ? stream.Length : int.MaxValue))
                throw new InvalidMediaException($"SPZ v4 stream {k} declares {size:N0} bytes; {layout.Blocks[k]:N0} expected for {count:N0} splats.");
            var source = new byte[compressed];
            stream.ReadFully(source);
            int written;
            try { written = zstd.Unwrap(source, data.AsSpan(offset, layout.Blocks[k])); }
            catch (ZstdException e) { throw new InvalidMediaException($"SPZ v4 stream {k} is not valid ZSTD ({e.Message})."); }
            if (written != layout.Blocks[k]) throw new InvalidMediaException($"SPZ v4 stream {k} is shorter than declared.");
            offset += written;
        }
        return SpzCodec.Decode(data, layout, fractional);
    }

    public static void Write(Stream stream, SpzLayout layout, int fractional, byte[] data)
    {
        using var zstd = new Compressor(3);
        var parts = new List<byte[]>();
        var offset = 0;
        foreach (var size in layout.Blocks)
        {
            parts.Add(zstd.Wrap(data.AsSpan(offset, size)).ToArray());
            offset += size;
        }
        var header = new byte[32 + parts.Count * 16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x5053474e);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)layout.Count);
        header[12] = (byte)layout.Degree;
        header[13] = (byte)fractional;
        header[15] = (byte)parts.Count;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 32);
        for (var k = 0; k < parts.Count; k++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(32 + k * 16), (ulong)parts[k].Length);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(40 + k * 16), (ulong)layout.Blocks[k]);
        }
        stream.Write(header);
        foreach (var p in parts) stream.Write(p);
    }
}
