using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Protect.Infrastructure.Access;
using Protect.Infrastructure.Data;

namespace Protect.Integration.Tests.Infrastructure;

/// <summary>
/// The real web app (API, Identity, Hangfire server in embedded mode, filesystem blobs) over real HTTP through
/// WebApplicationFactory, on SQLite in a temp directory or on a fresh database of the test PostgreSQL.
/// </summary>
public sealed class ProtectAppFactory : WebApplicationFactory<Program>
{
    public const long UploadLimitBytes = 4 * 1024 * 1024;
    private readonly DatabaseProvider _provider;
    private readonly string? _postgresDatabase;

    public ProtectAppFactory(DatabaseProvider provider, string? dataDirectory = null)
    {
        _provider = provider;
        DataDirectory = dataDirectory ?? TestEnvironment.NewTempDirectory("protect-it");
        if (provider == DatabaseProvider.Postgres)
        {
            _postgresDatabase = "protect_it_" + Guid.NewGuid().ToString("N")[..12];
            using var admin = new NpgsqlConnection(TestEnvironment.Postgres);
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", admin);
            create.ExecuteNonQuery();
        }
    }

    public string DataDirectory { get; }

    public string BlobDirectory => Path.Combine(DataDirectory, "blobs");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Protect:DataDirectory", DataDirectory);
        builder.UseSetting("Protect:Embedded", "true");
        builder.UseSetting("Protect:Limits:MaxUploadBytes", UploadLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Protect:Jobs:PollIntervalSeconds", "0.2");
        builder.UseSetting("Protect:Database:Provider", _provider.ToString());
        if (_postgresDatabase is not null)
        {
            var cs = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = _postgresDatabase }.ConnectionString;
            builder.UseSetting("Protect:Database:ConnectionString", cs);
        }
    }

    /// <summary>A new account with an API key, and a client that sends it.</summary>
    public async Task<(HttpClient Client, string UserId)> CreateUserClientAsync(string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@example.test";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ProtectUser>>();
        var user = new ProtectUser { UserName = email, Email = email };
        var result = await users.CreateAsync(user, "correct-horse-battery");
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync(user.Id, "test", CancellationToken.None);
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return (client, user.Id);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        if (_postgresDatabase is null) return;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(TestEnvironment.Postgres);
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }
}
