using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Protect.Domain.Storage;
using BlobInfo = Protect.Domain.Storage.BlobInfo;

namespace Protect.Infrastructure.Storage;

/// <summary>
/// Blobs in an Azure Blob Storage container (production). Writes stage blocks and commit them in one call that
/// also sets the content type and the SHA-256 metadata: the blob appears, or changes, only on that commit, so a
/// failed or cancelled upload leaves nothing visible (the service discards uncommitted blocks by itself).
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    private const string Sha256MetadataKey = "sha256";
    private const string FallbackContentType = "application/octet-stream";

    // One block in memory per upload: large enough for few round trips, small enough to never matter.
    // 50,000 blocks (the service's limit) of 4 MiB allow blobs up to ~195 GiB.
    private const int BlockSize = 4 * 1024 * 1024;

    private readonly BlobContainerClient _container;
    private readonly Lock _containerGate = new();
    private Task? _containerReady;

    public AzureBlobStore(string connectionString, string containerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        _container = new BlobContainerClient(connectionString, containerName);
    }

    public async Task<BlobInfo> WriteAsync(
        string name, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        await EnsureContainerAsync(cancellationToken);
        var blob = _container.GetBlockBlobClient(name);

        // Block ids are unique per upload so concurrent writers of the same name never commit each other's blocks
        // (a commit discards other uncommitted blocks, so the slower writer fails instead of mixing content).
        var uploadId = Guid.NewGuid();
        var blockIds = new List<string>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            long length = 0;
            int filled;
            while ((filled = await content.ReadAtLeastAsync(
                       buffer.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, filled);
                var blockId = BlockId(uploadId, blockIds.Count);
                using (var block = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    await blob.StageBlockAsync(blockId, block, cancellationToken: cancellationToken);
                }
                blockIds.Add(blockId);
                length += filled;
            }

            var sha256 = BlobHashing.ToHex(hash);
            var options = new CommitBlockListOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = new Dictionary<string, string> { [Sha256MetadataKey] = sha256 },
            };
            // Cancelled while this request is in flight, the commit may still land: the write then happened.
            await blob.CommitBlockListAsync(blockIds, options, cancellationToken);
            return new BlobInfo(name, length, contentType, sha256);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        try
        {
            // One streaming GET; the SDK resumes an interrupted body pinned to the same ETag, so a reader never
            // mixes two versions of a blob.
            var download = await _container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(name);
        }
    }

    public async Task<BlobInfo?> GetInfoAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        var blob = _container.GetBlobClient(name);
        try
        {
            BlobProperties properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Metadata.TryGetValue(Sha256MetadataKey, out var sha256))
            {
                return new BlobInfo(name, properties.ContentLength, properties.ContentType ?? FallbackContentType, sha256);
            }

            // Put there by something else than this store: hash the content, streaming.
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            using var result = download.Value;
            var (length, hash) = await BlobHashing.CopyAsync(result.Content, destination: null, cancellationToken);
            return new BlobInfo(name, length, result.Details.ContentType ?? FallbackContentType, hash);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        var deleted = await _container.GetBlobClient(name)
            .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        return deleted.Value;
    }

    /// <summary>Creates the container once, on the first write; reads of a missing container simply find nothing.</summary>
    private Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        Task ready;
        lock (_containerGate)
        {
            // The attempt is shared by concurrent writers, so no single caller's token may cancel it; a failed
            // attempt is forgotten so the next write tries again (e.g. once the storage account is reachable).
            if (_containerReady is null || _containerReady.IsFaulted || _containerReady.IsCanceled)
            {
                _containerReady = _container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            }
            ready = _containerReady;
        }
        return ready.WaitAsync(cancellationToken);
    }

    private static string BlockId(Guid uploadId, int index)
    {
        // All ids of a blob must have the same length: 16 bytes of upload id + 4 bytes of index, base64-encoded.
        Span<byte> raw = stackalloc byte[20];
        uploadId.TryWriteBytes(raw);
        BinaryPrimitives.WriteInt32BigEndian(raw[16..], index);
        return Convert.ToBase64String(raw);
    }
}
