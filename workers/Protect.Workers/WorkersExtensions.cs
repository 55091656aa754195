using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql.Factories;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Protect.Infrastructure;
using Protect.Infrastructure.Data;
using Protect.Ml.Torch;
using Protect.Workers.Jobs;

namespace Protect.Workers;

public static class WorkersExtensions
{
    /// <summary>
    /// Hangfire storage, the job classes and the scheduler. With <paramref name="runServer"/> this process also
    /// executes jobs (the worker host, or `serve` in embedded mode); otherwise it only enqueues.
    /// </summary>
    public static IHostApplicationBuilder AddProtectWorkers(this IHostApplicationBuilder builder, bool runServer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.QueueList().Length > 0 && o.QueueList().All(q => JobQueues.All.Contains(q)),
                $"Protect:Jobs:Queues must list one or more of: {string.Join(", ", JobQueues.All)}.")
            .ValidateOnStart();
        services.AddScoped<ProtectAssetJob>();
        services.AddScoped<VerifySuspectJob>();
        services.AddScoped<TrainAttributionModelJob>();
        services.AddScoped<AttributeImageJob>();
        services.AddSingleton<AttributionModels>();
        services.AddScoped<VerificationEvidence>();
        services.AddScoped<JobScheduler>();
        // Storage and filters are this host's own services, not Hangfire's process-wide statics (JobStorage.Current,
        // JobActivator.Current, GlobalJobFilters): two hosts in one process (the test suite) must not enqueue into each other's storage.
        // Registered before AddHangfire, whose TryAdd registrations then keep them.
        services.AddSingleton(CreateStorage);
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider>(sp => new JobFilterProviderCollection(
            JobFilterProviders.Providers,
            new JobFilterCollection { new MarkFailedWhenRetriesExhausted(sp.GetRequiredService<IServiceScopeFactory>()) }));
        services.AddHangfire((sp, config) => config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new DisposalTolerantLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())));
        if (runServer)
        {
            // Job processes allocate and free big buffers (frames, tensors): keep glibc from returning them each time.
            GlibcMalloc.Tune();
            services.AddHangfireServer((sp, server) =>
            {
                var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
                server.Queues = jobs.QueueList();
                server.WorkerCount = jobs.WorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(jobs.PollIntervalSeconds);
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
        return builder;
    }

    private static JobStorage CreateStorage(IServiceProvider sp)
    {
        var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
        var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var data = sp.GetRequiredService<IOptions<ProtectDataOptions>>().Value;
        var poll = TimeSpan.FromSeconds(jobs.PollIntervalSeconds);
        var storage = jobs.Storage ?? (database.Provider == DatabaseProvider.Postgres ? JobStorageProvider.Postgres : JobStorageProvider.Sqlite);
        if (storage == JobStorageProvider.Postgres)
        {
            var connection = string.IsNullOrWhiteSpace(jobs.ConnectionString) ? database.ResolveConnectionString(data) : jobs.ConnectionString;
            var options = new PostgreSqlStorageOptions { QueuePollInterval = poll, PrepareSchemaIfNecessary = true, SchemaName = "hangfire" };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connection, options, null), options);
        }
        Directory.CreateDirectory(data.FullDataDirectory);
        var path = string.IsNullOrWhiteSpace(jobs.ConnectionString) ? data.PathOf("hangfire.db") : jobs.ConnectionString;
        return new SQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = poll });
    }
}
