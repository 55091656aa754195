namespace Protect.Cli.Bench;

/// <summary>`bench AREA`: each area writes its markdown report under docs/benchmarks/.</summary>
internal static class BenchCommands
{
    public static Task<int> RunAsync(CliArgs args) => args.Word(0, "bench area (splat, image)") switch
    {
        "splat" => SplatBench.RunAsync(args),
        "image" => Task.FromResult(ImageBench.Run(args)),
        var other => throw new UsageException($"Unknown bench area '{other}'; use splat or image."),
    };
}
