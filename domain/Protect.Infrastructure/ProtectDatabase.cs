using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Protect.Infrastructure.Data;

namespace Protect.Infrastructure;

/// <summary>Creates or upgrades the database to the latest migration, and seeds what every install needs.</summary>
public static class ProtectDatabase
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var data = services.GetRequiredService<IOptions<ProtectDataOptions>>().Value;
        Directory.CreateDirectory(data.FullDataDirectory);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProtectDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            // Readers (the portal) and the writer (a job) work at the same time; WAL lets them.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(ProtectUser.AdminRole))
            await roles.CreateAsync(new IdentityRole(ProtectUser.AdminRole));
    }
}
