namespace Protect.Integration.Tests.Infrastructure;

/// <summary>
/// The real services `./protect test` starts (PostgreSQL, Azurite) are handed over in environment variables.
/// A missing one fails the test with a clear message instead of silently skipping it.
/// </summary>
public static class TestEnvironment
{
    public static string Postgres => Require("PROTECT_TEST_POSTGRES", "PostgreSQL");
    public static string Azurite => Require("PROTECT_TEST_AZURITE", "Azurite");

    private static string Require(string variable, string service) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run through ./protect test (starts {service}).");

    /// <summary>Finds ../shared/testdata beside the repository (or any parent) that holds the real media.</summary>
    public static string TestData(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "testdata"), Path.Combine(dir.FullName, "..", "shared", "testdata") })
                if (Directory.Exists(candidate)) return Path.GetFullPath(Path.Combine([candidate, .. parts]));
        }
        throw new DirectoryNotFoundException("shared/testdata not found beside the repository.");
    }

    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
