using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Protect.Cli.Bench;

/// <summary>`bench AREA`: each area writes its markdown report under docs/benchmarks/.</summary>
internal static class BenchCommands
{
    public static Task<int> RunAsync(CliArgs args) => args.Word(0, "bench area (image, forensics, splat, video, attribution or hash)") switch
    {
        "image" => Task.FromResult(ImageBench.Run(args)),
        "forensics" => Task.FromResult(ForensicsBench.Run(args)),
        "splat" => SplatBench.RunAsync(args),
        "video" => VideoBench.RunAsync(args),
        "attribution" => Task.FromResult(AttributionBench.Run(args)),
        "hash" => Task.FromResult(Hash(args)),
        var other => throw new UsageException($"Unknown bench area '{other}'; use image, forensics, splat, video, attribution or hash."),
    };

    /// <summary>
    /// The near-duplicate hash section on its own, until it is folded into `bench attribution` (issue 7).
    /// Progress goes to stderr; the report to --out (docs/benchmarks/hash.md).
    /// </summary>
    private static int Hash(CliArgs args)
    {
        var output = Path.GetFullPath(args.Optional("--out") ?? Path.Combine("docs", "benchmarks", "hash.md"));
        args.RejectUnknown();
        var started = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var section = HashBench.Run(BenchMedia.TestData(), Console.Error);
        var md = new StringBuilder();
        void Line(FormattableString s) => md.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        Line($"# Near-duplicate hash benchmark");
        md.AppendLine();
        Line($"- Command: `./protect {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}`");
        Line($"- Date (UTC): {started:yyyy-MM-dd HH:mm}; run time {watch.Elapsed.TotalMinutes:F1} min");
        Line($"- Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");
        md.AppendLine();
        md.Append(section);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, md.ToString());
        Console.Error.WriteLine($"protect: wrote {output}");
        return 0;
    }
}
