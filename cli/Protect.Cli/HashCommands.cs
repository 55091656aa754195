using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Hashing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

using static Protect.Cli.CliIo;

namespace Protect.Cli;

/// <summary>`hash --in IN`: the PDQ-style perceptual hash the near-duplicate catalog stores, as one JSON object.</summary>
internal static class HashCommands
{
    public static Task<int> RunAsync(CliArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Positional.Count > 0)
            throw new UsageException($"Unexpected argument '{args.Positional[0]}'; use ./protect hash --in IN.");
        var input = ExistingFile(args.Required("--in"));
        args.RejectUnknown();
        using var source = File.OpenRead(input);
        // Header and size limits first: a hostile file is refused before its pixels are allocated.
        ImageInspector.Inspect(source, new MediaLimitsOptions { MaxUploadBytes = long.MaxValue });
        using var image = Image.Load<Rgba32>(source);
        var result = PdqHasher.Compute(image);
        Print(new { hash = result.Hash.ToHex(), quality = result.Quality });
        return Task.FromResult(0);
    }
}
