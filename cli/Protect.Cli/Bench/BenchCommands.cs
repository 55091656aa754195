namespace Protect.Cli.Bench;

/// <summary>`bench AREA`: each area writes its markdown report under docs/benchmarks/.</summary>
internal static class BenchCommands
{
    public static Task<int> RunAsync(CliArgs args) => args.Word(0, "bench area (image, forensics, splat or video)") switch
    {
        "image" => Task.FromResult(ImageBench.Run(args)),
        "forensics" => Task.FromResult(ForensicsBench.Run(args)),
        "splat" => SplatBench.RunAsync(args),
        "video" => VideoBench.RunAsync(args),
        var other => throw new UsageException($"Unknown bench area '{other}'; use image, forensics, splat or video."),
    };
}
