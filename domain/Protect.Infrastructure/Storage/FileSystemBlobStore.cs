using Protect.Domain.Storage;

namespace Protect.Infrastructure.Storage;

/// <summary>
/// Blobs as files under a root directory (embedded mode). Writes go to a temp file in the target's directory and
/// are renamed over the target, so readers see the old file or the whole new one. Content type and SHA-256 live in
/// a sidecar "{name}.meta.json" so <see cref="GetInfoAsync"/> does not have to read the blob.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const string FallbackContentType = "application/octet-stream";
    private readonly string _root;

    public FileSystemBlobStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
    }

    public async Task<BlobInfo> WriteAsync(
        string name, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = TempPathFor(path);
        try
        {
            (long Length, string Sha256) written;
            var output = new FileStream(
                temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            await using (output)
            {
                written = await BlobHashing.CopyAsync(content, output, cancellationToken);
                output.Flush(flushToDisk: true);
            }
            // Sidecar first, then the blob: once the blob's rename lands both agree. The sidecar records the temp
            // file's mtime, which the rename keeps, so a sidecar that got ahead of its blob (crash, racing writers)
            // is recognised as stale instead of being trusted.
            var sidecar = new BlobSidecar(written.Length, contentType, written.Sha256, File.GetLastWriteTimeUtc(temp).Ticks);
            await sidecar.WriteAsync(path, cancellationToken);
            File.Move(temp, path, overwrite: true);
            return new BlobInfo(name, written.Length, contentType, written.Sha256);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult<Stream>(OpenFile(path));
        }
        catch (Exception e) when (IsMissing(e, path))
        {
            return Task.FromException<Stream>(new BlobNotFoundException(name));
        }
    }

    public async Task<BlobInfo?> GetInfoAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }
        var sidecar = await BlobSidecar.ReadAsync(path, cancellationToken);
        if (sidecar is not null && sidecar.Describes(file))
        {
            return new BlobInfo(name, sidecar.Length, sidecar.ContentType, sidecar.Sha256);
        }
        // No sidecar (or a stale one): the content is the truth for size and hash. A stale sidecar's content type is
        // still the best guess there is (files copied without their mtimes; a name keeps its type across rewrites).
        try
        {
            var stream = OpenFile(path);
            await using (stream)
            {
                var (length, sha256) = await BlobHashing.CopyAsync(stream, destination: null, cancellationToken);
                return new BlobInfo(name, length, sidecar?.ContentType ?? FallbackContentType, sha256);
            }
        }
        catch (Exception e) when (IsMissing(e, path))
        {
            return null;
        }
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        // Renaming away first makes "did it exist" atomic: of two concurrent deletes only one wins the rename.
        var doomed = TempPathFor(path);
        bool existed;
        try
        {
            File.Move(path, doomed);
            existed = true;
        }
        catch (Exception e) when (IsMissing(e, path))
        {
            existed = false;
        }
        if (existed)
        {
            File.Delete(doomed);
        }
        try
        {
            File.Delete(BlobSidecar.PathOf(path)); // also when the blob was gone: an orphaned sidecar is no use
        }
        catch (DirectoryNotFoundException)
        {
            // Never written: nothing to clean up.
        }
        return Task.FromResult(existed);
    }

    private string PathOf(string name)
    {
        BlobNames.Validate(name);
        var path = Path.GetFullPath(Path.Combine(_root, name));
        // Validation already rules out escapes; this keeps it true if the rules ever loosen.
        if (!path.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob name '{name}' resolves outside the store root.", nameof(name));
        }
        return path;
    }

    // Dot-prefixed and GUID-suffixed: never a valid blob name, never shared by two writers.
    internal static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    private static FileStream OpenFile(string path) => new(
        path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
        BlobHashing.BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    // A directory where a blob would be is not a blob either (opening it is "access denied").
    private static bool IsMissing(Exception e, string path) =>
        e is FileNotFoundException or DirectoryNotFoundException
        || (e is UnauthorizedAccessException && Directory.Exists(path));

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort while another exception is already on its way out; that one matters more.
        }
    }
}
