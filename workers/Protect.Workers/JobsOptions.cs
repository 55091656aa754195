using System.ComponentModel.DataAnnotations;

namespace Protect.Workers;

public enum JobStorageProvider { Sqlite, Postgres }

public sealed class JobsOptions
{
    public const string SectionName = "Protect:Jobs";

    /// <summary>Null follows the database provider (SQLite file beside the app DB, or the same PostgreSQL).</summary>
    public JobStorageProvider? Storage { get; set; }

    /// <summary>Empty: DATA/hangfire.db for SQLite, the app's connection string for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Comma-separated queues this process serves, in priority order.</summary>
    [Required]
    public string Queues { get; set; } = string.Join(',', JobQueues.All);

    [Range(1, 256)]
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>How often an idle worker polls SQLite/PostgreSQL for work; Hangfire.Storage.SQLite's default of 15 s makes jobs wait.</summary>
    [Range(0.05, 60)]
    public double PollIntervalSeconds { get; set; } = 0.5;

    public string[] QueueList() =>
        Queues.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(q => q.ToLowerInvariant()).Distinct().ToArray();
}

/// <summary>One queue per kind of work, so each can get its own machines (GPUs for ml, many CPUs for video).</summary>
public static class JobQueues
{
    public const string Image = "image";
    public const string Video = "video";
    public const string Splat = "splat";
    public const string Ml = "ml";
    public const string Scan = "scan";
    public static readonly string[] All = [Image, Video, Splat, Ml, Scan];
}
