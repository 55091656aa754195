namespace Protect.Infrastructure.Storage;

/// <summary>
/// One naming rule for every store, so a name that works with the filesystem in development also works in Azure
/// (and the other way round), and so no name can climb out of the filesystem root.
/// </summary>
internal static class BlobNames
{
    /// <summary>Sidecar suffix of the filesystem store; reserved so a blob can never overwrite another's metadata.</summary>
    public const string MetadataSuffix = ".meta.json";

    // Segments stay well under the usual 255-byte file name limit, leaving room for the temp and sidecar suffixes.
    private const int MaxSegmentLength = 200;
    private const int MaxNameLength = 1024;

    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            throw Invalid(name, $"must be 1 to {MaxNameLength} characters long");
        }
        if (name[0] == '/')
        {
            throw Invalid(name, "must be relative, not absolute");
        }
        if (name.Contains("..", StringComparison.Ordinal))
        {
            throw Invalid(name, "must not contain '..'");
        }
        foreach (var c in name)
        {
            if (!IsAllowed(c))
            {
                throw Invalid(name, "may only contain A-Z, a-z, 0-9, '.', '_', '-' and '/' as separator");
            }
        }
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0)
            {
                throw Invalid(name, "must not have empty segments ('//' or a trailing '/')");
            }
            // Dot-files are where the filesystem store keeps its temp files.
            if (segment[0] == '.')
            {
                throw Invalid(name, "must not have segments starting with '.'");
            }
            if (segment.Length > MaxSegmentLength)
            {
                throw Invalid(name, $"must not have segments longer than {MaxSegmentLength} characters");
            }
        }
        if (name.EndsWith(MetadataSuffix, StringComparison.Ordinal))
        {
            throw Invalid(name, $"must not end with '{MetadataSuffix}' (reserved)");
        }
    }

    private static bool IsAllowed(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/';

    private static ArgumentException Invalid(string name, string reason) =>
        new($"Invalid blob name '{name}': it {reason}.", nameof(name));
}
