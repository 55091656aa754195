using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Splats;
using Protect.Domain.Splats.Watermarking;
using Protect.Domain.Storage;
using Protect.Infrastructure.Data;
using Protect.Infrastructure.Keys;
using Protect.Infrastructure.Storage;

namespace Protect.Infrastructure;

public static class InfrastructureExtensions
{
    /// <summary>Everything every host needs: options, database, Identity stores, blob store, key and engines.</summary>
    public static IHostApplicationBuilder AddProtectInfrastructure(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ProtectDataOptions>().BindConfiguration(ProtectDataOptions.SectionName).ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateOnStart();
        services.AddOptions<BlobStorageOptions>().BindConfiguration(BlobStorageOptions.SectionName).ValidateOnStart();
        services.AddOptions<MediaLimitsOptions>().BindConfiguration(MediaLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ProtectDataOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MediaLimitsOptions>>().Value);
        services.AddSingleton(TimeProvider.System);

        services.AddDbContextFactory<ProtectDbContext>(ConfigureDatabase);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ProtectDbContext>>().CreateDbContext());
        services.AddIdentityCore<ProtectUser>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ProtectDbContext>();

        services.AddSingleton<IBlobStore>(CreateBlobStore);
        services.AddSingleton<ServiceKeyFile>();
        services.AddSingleton(_ => new ImageWatermarkEngine());
        services.AddSingleton<ImageProtection>();
        services.AddSingleton(_ => new SplatProtection(new SplatWatermarkEngine()));
        services.AddScoped<Access.ApiKeyService>();
        return builder;
    }

    internal static void ConfigureIdentity(IdentityOptions options)
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = 8;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireDigit = false;
        options.Lockout.MaxFailedAccessAttempts = 10;
    }

    private static void ConfigureDatabase(IServiceProvider sp, DbContextOptionsBuilder options)
    {
        var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var data = sp.GetRequiredService<IOptions<ProtectDataOptions>>().Value;
        ConfigureProvider(options, database.Provider, database.ResolveConnectionString(data));
    }

    /// <summary>One place that knows which migrations assembly belongs to which provider.</summary>
    public static void ConfigureProvider(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (provider == DatabaseProvider.Postgres)
            options.UseNpgsql(connectionString, o => o.MigrationsAssembly("Protect.Migrations.Postgres"));
        else
            options.UseSqlite(connectionString, o => o.MigrationsAssembly("Protect.Migrations.Sqlite"));
    }

    private static IBlobStore CreateBlobStore(IServiceProvider sp)
    {
        var blobs = sp.GetRequiredService<IOptions<BlobStorageOptions>>().Value;
        var data = sp.GetRequiredService<IOptions<ProtectDataOptions>>().Value;
        if (string.Equals(blobs.Provider, "Azure", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(blobs.AzureConnectionString))
                throw new OptionsValidationException(BlobStorageOptions.SectionName, typeof(BlobStorageOptions),
                    ["Protect:Blobs:AzureConnectionString is required when the provider is Azure."]);
            return new AzureBlobStore(blobs.AzureConnectionString, blobs.Container);
        }
        return new FileSystemBlobStore(string.IsNullOrWhiteSpace(blobs.Root) ? data.PathOf("blobs") : Path.GetFullPath(blobs.Root));
    }
}
