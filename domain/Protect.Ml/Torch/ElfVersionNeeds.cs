using System.Buffers.Binary;
using System.Text;

namespace Protect.Ml.Torch;

/// <summary>
/// Reads and edits the version-needs table (.gnu.version_r) of a 64-bit little-endian ELF shared object.
/// Why: TorchSharp's libLibTorchSharp.so asks for GLIBCXX_3.4.32 (Debian 12 ships up to 3.4.30) for one symbol,
/// std::ios_base_library_init, that nothing calls. Marking that requirement weak (VER_FLG_WEAK) lets the dynamic
/// linker load the library; the symbol itself is never bound.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    public const ushort VerFlagWeak = 0x2;
    private static ReadOnlySpan<byte> ElfMagic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    public sealed record Requirement(string File, string Version, ushort Flags, int FlagsOffset)
    {
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }

    /// <summary>Every (library, version) the object requires, with where its flags live in the file.</summary>
    public static IReadOnlyList<Requirement> Read(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 64 || !elf[..4].SequenceEqual(ElfMagic))
            throw new InvalidDataException("Not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("Only 64-bit little-endian ELF is supported.");
        var shoff = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]));
        var shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3A..]);
        var shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
        var result = new List<Requirement>();
        for (var i = 0; i < shnum; i++)
        {
            var header = elf.Slice(shoff + i * shentsize, shentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != ShtGnuVerneed) continue;
            var offset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]));
            var link = BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]);
            var count = BinaryPrimitives.ReadUInt32LittleEndian(header[0x2C..]);
            var strings = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf.Slice(shoff + (int)link * shentsize, shentsize)[0x18..]));
            ReadVerneeds(elf, offset, count, strings, result);
        }
        return result;
    }

    /// <summary>Marks every requirement of <paramref name="version"/> weak, in place; returns how many changed.</summary>
    public static int MarkWeak(Span<byte> elf, string version)
    {
        var changed = 0;
        foreach (var need in Read(elf).Where(n => n.Version == version && !n.IsWeak))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(elf[need.FlagsOffset..], (ushort)(need.Flags | VerFlagWeak));
            changed++;
        }
        return changed;
    }

    private static void ReadVerneeds(ReadOnlySpan<byte> elf, int position, uint count, int strings, List<Requirement> into)
    {
        for (var n = 0; n < count; n++)
        {
            var entry = elf[position..];
            var auxCount = BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]);
            var file = CString(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]));
            var aux = position + (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
            for (var a = 0; a < auxCount; a++)
            {
                var vernaux = elf[aux..];
                var flags = BinaryPrimitives.ReadUInt16LittleEndian(vernaux[4..]);
                var name = CString(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(vernaux[8..]));
                into.Add(new Requirement(file, name, flags, aux + 4));
                var next = BinaryPrimitives.ReadUInt32LittleEndian(vernaux[12..]);
                if (next == 0) break;
                aux += (int)next;
            }
            var nextNeed = BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]);
            if (nextNeed == 0) break;
            position += (int)nextNeed;
        }
    }

    private static string CString(ReadOnlySpan<byte> elf, int offset)
    {
        var end = elf[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(elf.Slice(offset, end < 0 ? elf.Length - offset : end));
    }
}
