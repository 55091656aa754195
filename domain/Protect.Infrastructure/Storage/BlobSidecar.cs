using System.Text.Json;
using System.Text.Json.Serialization;

namespace Protect.Infrastructure.Storage;

/// <summary>
/// What <see cref="FileSystemBlobStore"/> knows about a blob without reading it, kept next to it in
/// "{name}.meta.json". <c>LastWriteUtcTicks</c> is the blob file's mtime when the sidecar was written:
/// a sidecar whose blob has another mtime or length describes other content and must not be trusted.
/// </summary>
internal sealed record BlobSidecar(long Length, string ContentType, string Sha256, long LastWriteUtcTicks)
{
    public static string PathOf(string blobPath) => blobPath + BlobNames.MetadataSuffix;

    public bool Describes(FileInfo blob) => Length == blob.Length && LastWriteUtcTicks == blob.LastWriteTimeUtc.Ticks;

    /// <summary>Writes atomically (temp file, fsync, rename), like the blob itself.</summary>
    public async Task WriteAsync(string blobPath, CancellationToken cancellationToken)
    {
        var path = PathOf(blobPath);
        var temp = FileSystemBlobStore.TempPathFor(path);
        try
        {
            var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (output)
            {
                await JsonSerializer.SerializeAsync(output, this, SidecarJson.Default.BlobSidecar, cancellationToken);
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            FileSystemBlobStore.TryDelete(temp);
            throw;
        }
    }

    /// <summary>The sidecar of a blob, or null when it is missing or unreadable (the caller then reads the blob).</summary>
    public static async Task<BlobSidecar?> ReadAsync(string blobPath, CancellationToken cancellationToken)
    {
        try
        {
            var input = new FileStream(
                PathOf(blobPath), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, FileOptions.Asynchronous);
            await using (input)
            {
                return await JsonSerializer.DeserializeAsync(input, SidecarJson.Default.BlobSidecar, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(BlobSidecar))]
internal sealed partial class SidecarJson : JsonSerializerContext;
