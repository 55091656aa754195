using System.ComponentModel.DataAnnotations;

namespace Protect.Infrastructure.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public sealed class DatabaseOptions
{
    public const string SectionName = "Protect:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty for SQLite means `DATA/protect.db`; PostgreSQL needs one.</summary>
    public string? ConnectionString { get; set; }

    public string ResolveConnectionString(ProtectDataOptions data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!string.IsNullOrWhiteSpace(ConnectionString)) return ConnectionString;
        if (Provider == DatabaseProvider.Postgres)
            throw new ValidationException("Protect:Database:ConnectionString is required when the provider is Postgres.");
        return $"Data Source={data.PathOf("protect.db")}";
    }
}
