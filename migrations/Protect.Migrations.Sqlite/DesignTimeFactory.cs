using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Protect.Infrastructure;
using Protect.Infrastructure.Data;

namespace Protect.Migrations.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model for this provider without starting a host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ProtectDbContext>
{
    public ProtectDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ProtectDbContext>();
        InfrastructureExtensions.ConfigureProvider(options, DatabaseProvider.Sqlite, "Data Source=design.db");
        return new ProtectDbContext(options.Options);
    }
}
