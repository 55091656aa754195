namespace Protect.Domain.Storage;

/// <summary>
/// Where media lives: originals, protected copies, suspects, renders. Two implementations (filesystem for the
/// embedded mode, Azure Blob Storage for production). Names are relative paths such as "assets/{id}/original.png".
/// Every write streams, is atomic (a reader sees the old blob or the whole new one, never a partial one) and
/// reports the SHA-256 of what was written.
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes (or replaces) a blob from a stream without buffering it whole.</summary>
    Task<BlobInfo> WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for reading; throws <see cref="BlobNotFoundException"/> when it does not exist.</summary>
    Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Size, content type and SHA-256 of a blob, or null when it does not exist.</summary>
    Task<BlobInfo?> GetInfoAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob; returns false when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}

/// <param name="Sha256">Lower-case hex SHA-256 of the content.</param>
public sealed record BlobInfo(string Name, long Length, string ContentType, string Sha256);

public sealed class BlobNotFoundException(string name) : Exception($"Blob '{name}' does not exist.")
{
    public string BlobName { get; } = name;
}
