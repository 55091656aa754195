using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Protect.Domain.Access;
using Protect.Infrastructure.Data;
using Protect.Integration.Tests.Infrastructure;

namespace Protect.Integration.Tests.Cli;

public sealed class AdminCliTests : IDisposable
{
    private readonly string _dir = TestEnvironment.NewTempDirectory("protect-admin");

    [Fact]
    public async Task Users_add_and_apikeys_create_give_a_key_that_the_api_accepts_and_stores_only_hashed()
    {
        var data = Path.Combine(_dir, "data");
        var add = await CliProcess.RunAsync(_dir, "users", "add", "ada@example.test", "--password", "analytical-engine", "--admin", "--data", data);
        Assert.True(add.ExitCode == 0, add.Stderr);
        var create = await CliProcess.RunAsync(_dir, "apikeys", "create", "ada@example.test", "--data", data);
        Assert.True(create.ExitCode == 0, create.Stderr);
        var secret = create.Stdout.Trim();
        Assert.StartsWith(ApiKey.Prefix, secret, StringComparison.Ordinal);

        using var factory = new ProtectAppFactory(DatabaseProvider.Sqlite, data);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/assets")).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProtectDbContext>();
        var stored = await db.ApiKeys.SingleAsync();
        Assert.Equal(ApiKey.HashSecret(secret), stored.Hash);
        Assert.DoesNotContain(secret, File.ReadAllText(Path.Combine(data, "protect.db")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_user_and_unknown_user_exit_2()
    {
        var data = Path.Combine(_dir, "data2");
        Assert.Equal(0, (await CliProcess.RunAsync(_dir, "users", "add", "bob@example.test", "--password", "password123", "--data", data)).ExitCode);
        var again = await CliProcess.RunAsync(_dir, "users", "add", "bob@example.test", "--password", "password123", "--data", data);
        Assert.Equal(2, again.ExitCode);
        var missing = await CliProcess.RunAsync(_dir, "apikeys", "create", "nobody@example.test", "--data", data);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nobody@example.test", missing.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
