using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Protect.Domain.Storage;
using Protect.Infrastructure.Storage;
using Protect.Tests.Storage;

namespace Protect.Domain.Tests.Storage;

public sealed class FileSystemBlobStoreTests : BlobStoreContract, IDisposable
{
    // The store's root sits one level down in a directory of its own, so an escape via ".." would be seen there.
    private readonly string _sandbox = Path.Combine(Path.GetTempPath(), $"protect-blobs-{Guid.NewGuid():N}");
    private readonly string _root;

    public FileSystemBlobStoreTests()
    {
        _root = Path.Combine(_sandbox, "root");
        Store = new FileSystemBlobStore(_root);
    }

    protected override IBlobStore Store { get; }

    protected override void AssertNoLeftovers() =>
        Assert.Empty(Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*.tmp", SearchOption.AllDirectories) : []);

    public void Dispose()
    {
        if (Directory.Exists(_sandbox))
        {
            Directory.Delete(_sandbox, recursive: true);
        }
    }

    [Fact]
    public async Task Only_the_blob_and_its_sidecar_remain_after_writes()
    {
        await Store.WriteAsync(Name("x.png"), new MemoryStream([1, 2]), "image/png");
        await Store.WriteAsync(Name("x.png"), new MemoryStream([3]), "image/png");

        var files = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order();
        Assert.Equal(["x.png", "x.png.meta.json"], files);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/abs")]
    [InlineData("a\\b")]
    public async Task Rejected_names_touch_nothing_outside_the_root(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(name, new MemoryStream([1]), "text/plain"));

        Assert.False(Directory.Exists(_sandbox) && Directory.EnumerateFileSystemEntries(_sandbox).Any(e => !e.EndsWith("root", StringComparison.Ordinal)));
        Assert.False(File.Exists("/abs"));
    }

    [Fact]
    public async Task Info_comes_from_the_sidecar_without_reading_the_blob()
    {
        await Store.WriteAsync(Name("s.png"), new MemoryStream([1, 2, 3]), "image/png");
        var sidecarPath = Path.Combine(_root, Name("s.png.meta.json"));
        var sidecar = JsonNode.Parse(await File.ReadAllTextAsync(sidecarPath))!;
        sidecar["Sha256"] = "from-the-sidecar";
        await File.WriteAllTextAsync(sidecarPath, sidecar.ToJsonString());

        Assert.Equal("from-the-sidecar", (await Store.GetInfoAsync(Name("s.png")))?.Sha256);
    }

    [Fact]
    public async Task Info_is_recomputed_from_the_content_when_the_sidecar_is_missing()
    {
        var data = RandomNumberGenerator.GetBytes(100_000);
        var written = await Store.WriteAsync(Name("y.png"), new MemoryStream(data), "image/png");
        File.Delete(Path.Combine(_root, Name("y.png.meta.json")));

        var info = await Store.GetInfoAsync(Name("y.png"));

        Assert.Equal(written with { ContentType = "application/octet-stream" }, info);
    }

    [Fact]
    public async Task A_stale_sidecar_is_not_trusted()
    {
        await Store.WriteAsync(Name("z.png"), new MemoryStream([1, 2, 3]), "image/png");
        // Same length, different bytes, written behind the store's back (e.g. restored without the sidecar).
        await File.WriteAllBytesAsync(Path.Combine(_root, Name("z.png")), [4, 5, 6]);
        File.SetLastWriteTimeUtc(Path.Combine(_root, Name("z.png")), DateTime.UtcNow.AddMinutes(-5));

        var info = await Store.GetInfoAsync(Name("z.png"));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([4, 5, 6])), info?.Sha256);
        Assert.Equal("image/png", info?.ContentType);
    }

    [Fact]
    public async Task Readers_keep_their_version_while_a_blob_is_replaced_or_deleted()
    {
        await Store.WriteAsync(Name("r.bin"), new MemoryStream([1, 1, 1]), "application/octet-stream");
        await using var reader = await Store.OpenReadAsync(Name("r.bin"));

        await Store.WriteAsync(Name("r.bin"), new MemoryStream([2, 2]), "application/octet-stream");
        Assert.True(await Store.DeleteAsync(Name("r.bin")));

        using var copy = new MemoryStream();
        await reader.CopyToAsync(copy);
        Assert.Equal([1, 1, 1], copy.ToArray());
    }

    [Fact]
    public async Task A_directory_is_not_a_blob()
    {
        await Store.WriteAsync(Name("dir/inner.bin"), new MemoryStream([1]), "application/octet-stream");

        Assert.Null(await Store.GetInfoAsync(Name("dir")));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(Name("dir")));
    }
}
