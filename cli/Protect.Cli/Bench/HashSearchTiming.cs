using System.Diagnostics;
using Protect.Domain.Imaging.Attacks;
using Protect.Domain.Imaging.Hashing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Cli.Bench;

/// <summary>Wall time of one catalog query (8 dihedral variants) over a million catalogued hashes.</summary>
internal sealed record HashSearchTiming(int CatalogSize, int Runs, double MedianMs, double MinMs, double MaxMs, bool Found, double HashMs)
{
    public const int Size = 1_000_000;
    public const int WarmUp = 3;
    private const int TimedRuns = 21;

    public static HashSearchTiming Measure(Image<Rgba32> picture, TextWriter progress)
    {
        var random = new Random(20261202);
        var catalog = new HashCatalog(Size + 1);
        var planted = Guid.NewGuid();
        var plantAt = random.Next(Size);
        using (var copy = Transforms.Jpeg(picture, 50))
        {
            var copyHash = PdqHasher.Compute(copy).Hash;
            for (var i = 0; i < Size; i++)
            {
                if (i == plantAt) catalog.Add(planted, copyHash);
                catalog.Add(Guid.NewGuid(), new PerceptualHash((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64()));
            }
        }
        var query = PdqHasher.ComputeDihedral(picture);
        var found = true;
        for (var i = 0; i < WarmUp; i++) catalog.Search(query);
        var times = new double[TimedRuns];
        for (var i = 0; i < TimedRuns; i++)
        {
            var watch = Stopwatch.StartNew();
            var matches = catalog.Search(query);
            times[i] = watch.Elapsed.TotalMilliseconds;
            found &= matches.Count > 0 && matches[0].Id == planted;
        }
        Array.Sort(times);
        progress.WriteLine($"hash bench: search over {catalog.Count} hashes, median {times[TimedRuns / 2]:F1} ms");
        return new HashSearchTiming(catalog.Count, TimedRuns, times[TimedRuns / 2], times[0], times[^1], found, HashMilliseconds(picture));
    }

    /// <summary>Median time of the 8 dihedral hashes of one decoded picture (what cataloguing or a query costs).</summary>
    private static double HashMilliseconds(Image<Rgba32> picture)
    {
        PdqHasher.ComputeDihedral(picture);
        var times = new double[TimedRuns];
        for (var i = 0; i < TimedRuns; i++)
        {
            var watch = Stopwatch.StartNew();
            PdqHasher.ComputeDihedral(picture);
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[TimedRuns / 2];
    }
}
