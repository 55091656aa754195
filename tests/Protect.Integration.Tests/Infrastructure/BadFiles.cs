using System.Buffers.Binary;
using System.Text;

namespace Protect.Integration.Tests.Infrastructure;

/// <summary>Files that must be refused with 400 before anything is stored.</summary>
public static class BadFiles
{
    public static byte[] TruncatedJpeg()
    {
        var jpeg = File.ReadAllBytes(TestEnvironment.TestData("images", "misc", "videoseal-1.jpg"));
        return jpeg[..(jpeg.Length / 2)];
    }

    public static byte[] TextRenamedPng() => Encoding.UTF8.GetBytes("This is a plain text file that someone renamed to .png.\n");

    /// <summary>A valid PNG header (with correct CRCs) declaring 30000x30000 pixels, and almost no data.</summary>
    public static byte[] HugePngHeader(int width = 30000, int height = 30000)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
