using Protect.Domain;
using Protect.Domain.Assets;
using Protect.Domain.Imaging;
using Protect.Domain.Storage;

namespace Protect.Web.Services;

/// <summary>
/// The one way a file enters storage: spool it (counting bytes), inspect it completely, store the blob, then let
/// the caller record it. A bad file is refused before anything is written; if recording fails the blob goes again.
/// </summary>
public sealed class MediaIntake(IBlobStore blobs, MediaLimitsOptions limits)
{
    public async Task<T> AcceptAsync<T>(Stream content, string? fileName, Func<Guid, string> blobStem,
        Func<Guid, AssetKind, MediaFacts, BlobInfo, Task<T>> record, CancellationToken cancellationToken)
    {
        await using var spooled = await UploadSpool.ToTempFileAsync(content, limits.MaxUploadBytes, cancellationToken);
        var (kind, facts) = MediaInspector.Inspect(spooled, fileName, limits);
        var id = Guid.NewGuid();
        var blob = await blobs.WriteAsync($"{blobStem(id)}.{facts.Extension}", spooled, facts.ContentType, cancellationToken);
        try
        {
            return await record(id, kind, facts, blob);
        }
        catch
        {
            await blobs.DeleteAsync(blob.Name, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Removes blobs stored earlier in a request that failed later, so nothing half-written stays.</summary>
    public async Task DeleteAsync(IEnumerable<string> blobNames)
    {
        foreach (var name in blobNames)
            await blobs.DeleteAsync(name, CancellationToken.None);
    }
}
