using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Protect.Infrastructure;
using Protect.Infrastructure.Access;
using Protect.Infrastructure.Data;
using Protect.Workers;

namespace Protect.Cli;

/// <summary>Database and account administration over the same configuration as the service.</summary>
internal static class AdminCommands
{
    public static async Task<int> MigrateAsync(CliArgs args)
    {
        using var host = BuildHost(args);
        args.RejectUnknown();
        await ProtectDatabase.MigrateAsync(host.Services);
        Console.Out.WriteLine("Database is up to date.");
        return 0;
    }

    public static async Task<int> UsersAsync(CliArgs args)
    {
        if (args.Word(0, "users verb (add)") != "add") throw new UsageException("Unknown users verb; use: users add EMAIL --password P [--admin].");
        var email = args.Word(1, "EMAIL");
        var password = args.Required("--password");
        var admin = args.Flag("--admin");
        using var host = BuildHost(args);
        args.RejectUnknown();
        await PrepareDatabaseAsync(host.Services);

        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ProtectUser>>();
        var user = new ProtectUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) throw new UsageException(string.Join(" ", created.Errors.Select(e => e.Description)));
        if (admin) await users.AddToRoleAsync(user, ProtectUser.AdminRole);
        Console.Out.WriteLine($"Created user {email}{(admin ? " (admin)" : "")}.");
        return 0;
    }

    public static async Task<int> ApiKeysAsync(CliArgs args)
    {
        if (args.Word(0, "apikeys verb (create)") != "create") throw new UsageException("Unknown apikeys verb; use: apikeys create EMAIL [--name NAME].");
        var email = args.Word(1, "EMAIL");
        var name = args.Optional("--name") ?? "CLI key";
        using var host = BuildHost(args);
        args.RejectUnknown();
        await PrepareDatabaseAsync(host.Services);

        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ProtectUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new UsageException($"No user with email {email}.");
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync(user.Id, name, CancellationToken.None);
        Console.Error.WriteLine("API key created. It is shown only this once; store it now:");
        Console.Out.WriteLine(secret);
        return 0;
    }

    /// <summary>The embedded SQLite database is created on demand; a shared PostgreSQL must be migrated deliberately.</summary>
    private static async Task PrepareDatabaseAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        if (scope.ServiceProvider.GetRequiredService<ProtectDbContext>().Database.IsSqlite())
            await ProtectDatabase.MigrateAsync(services);
    }

    private static IHost BuildHost(CliArgs args)
    {
        var settings = new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, DisableDefaults = true };
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Configuration.AddProtectSources([]);
        if (args.Optional("--data") is { } data) builder.Configuration[$"{ProtectDataOptions.SectionName}:DataDirectory"] = data;
        builder.Logging.ClearProviders();
        builder.AddProtectInfrastructure();
        return builder.Build();
    }
}
