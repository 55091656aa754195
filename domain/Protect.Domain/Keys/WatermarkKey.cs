using System.Security.Cryptography;

namespace Protect.Domain.Keys;

/// <summary>
/// A 256-bit secret that keys every watermark. It never prints itself: ToString is redacted so a key
/// that slips into a log line or an exception message leaks nothing.
/// </summary>
public sealed class WatermarkKey
{
    public const int SizeInBytes = 32;
    private readonly byte[] _bytes;

    private WatermarkKey(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes;

    public static WatermarkKey Generate() => new(RandomNumberGenerator.GetBytes(SizeInBytes));

    public static WatermarkKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != SizeInBytes)
            throw new InvalidKeyException($"A watermark key is {SizeInBytes} bytes (64 hex characters); got {bytes.Length} bytes.");
        return new WatermarkKey(bytes.ToArray());
    }

    /// <summary>Parses 64 hex characters; surrounding whitespace (a trailing newline in a key file) is ignored.</summary>
    public static WatermarkKey ParseHex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length != SizeInBytes * 2 || !trimmed.All(Uri.IsHexDigit))
            throw new InvalidKeyException("A watermark key must be exactly 64 hex characters (256 bits).");
        return new WatermarkKey(Convert.FromHexString(trimmed));
    }

    public string ToHex() => Convert.ToHexStringLower(_bytes);

    /// <summary>Derives a sub-key for one purpose, so different marks and seeds never share key material.</summary>
    public byte[] Derive(string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        return HMACSHA256.HashData(_bytes, System.Text.Encoding.UTF8.GetBytes(purpose));
    }

    public override string ToString() => "WatermarkKey(redacted)";
}

public sealed class InvalidKeyException(string message) : Exception(message);
