using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Protect.Domain.Access;
using Protect.Domain.Assets;
using Protect.Domain.Attribution;
using Protect.Domain.Verifications;

namespace Protect.Infrastructure.Data;

public sealed class ProtectDbContext(DbContextOptions<ProtectDbContext> options) : IdentityDbContext<ProtectUser>(options)
{
    public DbSet<Asset> Assets => Set<Asset>();
    public DbSet<Verification> Verifications => Set<Verification>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Generator> Generators => Set<Generator>();
    public DbSet<GeneratorSample> GeneratorSamples => Set<GeneratorSample>();
    public DbSet<AttributionModelVersion> AttributionModels => Set<AttributionModelVersion>();
    public DbSet<AttributionRequest> Attributions => Set<AttributionRequest>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ProtectDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // A 64-bit watermark ID is an unsigned number; both providers store it as a signed bigint, bit for bit.
        configurationBuilder.Properties<WatermarkId>().HaveConversion<WatermarkIdConverter>();
    }
}
