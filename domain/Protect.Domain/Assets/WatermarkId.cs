using System.Globalization;
using System.Security.Cryptography;

namespace Protect.Domain.Assets;

/// <summary>The 64-bit number a watermark carries, written as 16 lower-case hex digits.</summary>
public readonly record struct WatermarkId(ulong Value)
{
    public static WatermarkId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return new WatermarkId(BitConverter.ToUInt64(bytes));
    }

    public static bool TryParse(string? hex, out WatermarkId id)
    {
        id = default;
        if (hex is null || hex.Length != 16 || !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            return false;
        id = new WatermarkId(value);
        return true;
    }

    public override string ToString() => Value.ToString("x16", CultureInfo.InvariantCulture);
}
