namespace Protect.Infrastructure.Storage;

/// <summary>Which <see cref="Protect.Domain.Storage.IBlobStore"/> to use and where it keeps its blobs.</summary>
public sealed class BlobStorageOptions
{
    public const string SectionName = "Protect:Blobs";

    /// <summary>"FileSystem" (embedded mode) or "Azure".</summary>
    public string Provider { get; set; } = "FileSystem";

    /// <summary>Root directory of the filesystem store; when unset the caller resolves it to "&lt;data dir&gt;/blobs".</summary>
    public string? Root { get; set; }

    public string? AzureConnectionString { get; set; }

    public string Container { get; set; } = "protect";
}
