namespace Protect.Cli;

/// <summary>
/// The CLI's arguments: positional words, then `--name value` options and `--flag` switches. Small on purpose:
/// automation depends on exact behaviour, and every mistake must become one clear line and exit code 2.
/// </summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public static CliArgs Parse(IEnumerable<string> args, IReadOnlySet<string> switches)
    {
        var parsed = new CliArgs();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--") { parsed.Positional.Add(arg); continue; }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) { parsed._options[arg[..eq]] = arg[(eq + 1)..]; continue; }
            if (switches.Contains(arg)) { parsed._options[arg] = null; continue; }
            if (!e.MoveNext()) throw new UsageException($"Option {arg} needs a value.");
            parsed._options[arg] = e.Current;
        }
        return parsed;
    }

    public string Required(string name) => Optional(name) ?? throw new UsageException($"Missing required option {name}.");

    public string? Optional(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var value) ? value : null;
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public string Word(int index, string what) =>
        index < Positional.Count ? Positional[index] : throw new UsageException($"Missing {what}.");

    /// <summary>A misspelt option must not be silently ignored (it may have been meant to choose the key).</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"Unknown option {unknown[0]}. See ./protect --help.");
    }
}

/// <summary>Bad input from the caller: printed as one line on stderr, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
