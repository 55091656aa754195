namespace Protect.Domain.Tests;

/// <summary>
/// Finds the shared test data (shared/testdata). The repository is cloned beside shared/ (/work/main next to
/// /work/shared; CI puts a copy of shared/ beside its clone), and a checkout may also hold shared/ itself, so we
/// walk up from the test binaries and take the first folder that has shared/testdata. PROTECT_TESTDATA overrides.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindRoot()
    {
        var overridden = Environment.GetEnvironmentVariable("PROTECT_TESTDATA");
        if (!string.IsNullOrEmpty(overridden))
            return overridden;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "testdata");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException(
            $"No shared/testdata above {AppContext.BaseDirectory}; clone the repository beside shared/ or set PROTECT_TESTDATA.");
    }
}
