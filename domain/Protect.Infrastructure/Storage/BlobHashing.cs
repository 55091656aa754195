using System.Buffers;
using System.Security.Cryptography;

namespace Protect.Infrastructure.Storage;

/// <summary>Streams content through SHA-256 with a pooled buffer, so files of any size cost a fixed amount of memory.</summary>
internal static class BlobHashing
{
    public const int BufferSize = 81920;

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> (or just reads it when null) and hashes it.</summary>
    public static async Task<(long Length, string Sha256)> CopyAsync(
        Stream source, Stream? destination, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long length = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                if (destination is not null)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                length += read;
            }
            return (length, ToHex(hash));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string ToHex(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());
}
