using Azure.Storage.Blobs;
using Protect.Domain.Storage;
using Protect.Infrastructure.Storage;
using Protect.Tests.Storage;

namespace Protect.Integration.Tests.Storage;

/// <summary>The blob store contract against Azurite, the Azure Storage emulator that <c>./protect test</c> starts.</summary>
public sealed class AzureBlobStoreTests(AzureBlobStoreTests.AzuriteContainer container)
    : BlobStoreContract, IClassFixture<AzureBlobStoreTests.AzuriteContainer>
{
    protected override IBlobStore Store { get; } = new AzureBlobStore(container.ConnectionString, container.Name);

    [Fact]
    public async Task The_container_is_created_on_the_first_write()
    {
        var name = $"created-lazily-{Guid.NewGuid():N}";
        var store = new AzureBlobStore(container.ConnectionString, name);
        var client = new BlobContainerClient(container.ConnectionString, name);
        try
        {
            Assert.Null(await store.GetInfoAsync("a.txt"));
            Assert.False(await store.DeleteAsync("a.txt"));
            Assert.False((await client.ExistsAsync()).Value);

            await Task.WhenAll(Enumerable.Range(0, 4).Select(
                i => store.WriteAsync($"a{i}.txt", new MemoryStream([(byte)i]), "text/plain")));

            Assert.True((await client.ExistsAsync()).Value);
            Assert.Equal(1, (await store.GetInfoAsync("a3.txt"))?.Length);
        }
        finally
        {
            await client.DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task Blobs_written_by_others_get_their_hash_computed()
    {
        await Store.WriteAsync(Name("x.bin"), new MemoryStream([7]), "application/octet-stream");
        var blob = new BlobContainerClient(container.ConnectionString, container.Name).GetBlobClient(Name("other.bin"));
        await blob.UploadAsync(BinaryData.FromBytes([1, 2, 3]));

        var info = await Store.GetInfoAsync(Name("other.bin"));

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([1, 2, 3])), info?.Sha256);
        Assert.Equal(3, info?.Length);
    }

    /// <summary>One container per test class run; tests inside it keep apart through unique name prefixes.</summary>
    public sealed class AzuriteContainer : IAsyncLifetime
    {
        public const string Variable = "PROTECT_TEST_AZURITE";

        public string ConnectionString { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            // Failing (not skipping) keeps a missing emulator from passing CI silently.
            : throw new InvalidOperationException($"{Variable} is not set: run through ./protect test (starts Azurite).");

        public string Name { get; } = $"blob-store-tests-{Guid.NewGuid():N}";

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await new BlobContainerClient(ConnectionString, Name).DeleteIfExistsAsync();
    }
}
