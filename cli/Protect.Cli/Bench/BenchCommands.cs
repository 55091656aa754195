namespace Protect.Cli.Bench;

/// <summary>`bench AREA`: each area writes its markdown report under docs/benchmarks/.</summary>
internal static class BenchCommands
{
    public static Task<int> RunAsync(CliArgs args) => args.Word(0, "bench area (image, splat, video or attribution)") switch
    {
        "image" => Task.FromResult(ImageBench.Run(args)),
        "splat" => SplatBench.RunAsync(args),
        "video" => VideoBench.RunAsync(args),
        "attribution" => Task.FromResult(AttributionBench.Run(args)),
        var other => throw new UsageException($"Unknown bench area '{other}'; use image, splat, video or attribution."),
    };
}
