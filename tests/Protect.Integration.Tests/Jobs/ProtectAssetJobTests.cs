using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Protect.Infrastructure.Data;
using Protect.Integration.Tests.Api;
using Protect.Integration.Tests.Infrastructure;
using Protect.Workers.Jobs;

namespace Protect.Integration.Tests.Jobs;

/// <summary>The job on the real Hangfire server (SQLite storage), and run a second time by hand.</summary>
public sealed class ProtectAssetJobTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Fact]
    public async Task Running_the_job_again_changes_nothing()
    {
        var factory = fixture.Factory;
        var (client, _) = await factory.CreateUserClientAsync();
        var png = await File.ReadAllBytesAsync(TestEnvironment.TestData("images", "kodak", "kodim19.png"));
        var id = (await (await client.UploadAsync("/api/v1/assets", png, "kodim19.png")).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        await client.WaitForStatusAsync($"/api/v1/assets/{id}", TimeSpan.FromSeconds(90));

        var before = await ReadAsync(factory, id);
        var blobFiles = Directory.GetFiles(factory.BlobDirectory, "*", SearchOption.AllDirectories).Order().ToArray();
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ProtectAssetJob>().RunAsync(id, CancellationToken.None);
        var after = await ReadAsync(factory, id);

        Assert.Equal(before.ProtectedSha256, after.ProtectedSha256);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(before.WatermarkId, after.WatermarkId);
        Assert.Equal(blobFiles, Directory.GetFiles(factory.BlobDirectory, "*", SearchOption.AllDirectories).Order().ToArray());
    }

    private static async Task<Domain.Assets.Asset> ReadAsync(ProtectAppFactory factory, Guid id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProtectDbContext>().Assets.AsNoTracking().SingleAsync(a => a.Id == id);
    }
}
