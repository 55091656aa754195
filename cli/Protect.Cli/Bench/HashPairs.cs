using Protect.Domain.Imaging.Hashing;

namespace Protect.Cli.Bench;

/// <summary>Hamming distances over every unordered pair of distinct pictures, and the pairs the catalog would match.</summary>
internal sealed record HashPairs(int Count, int[] Best, int[] Identity, int[] Qualities, List<(string A, string B, int Distance)> FalseMatches)
{
    public static HashPairs Measure(IReadOnlyList<HashSample> pictures, TextWriter progress)
    {
        var n = pictures.Count;
        var variants = new PerceptualHash[n][];
        var qualities = new int[n];
        for (var i = 0; i < n; i++)
        {
            variants[i] = PdqHasher.ComputeDihedral(pictures[i].Image, out var quality);
            qualities[i] = quality;
        }

        // Distributions straight from the hashes: best of the 8 variants of one against the other's plain hash.
        var count = n * (n - 1) / 2;
        var best = new int[count];
        var identity = new int[count];
        var k = 0;
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++, k++)
            {
                identity[k] = variants[a][0].DistanceTo(variants[b][0]);
                best[k] = Math.Min(variants[a].Min(v => v.DistanceTo(variants[b][0])), variants[b].Min(v => v.DistanceTo(variants[a][0])));
            }
        }

        // False matches as the service would see them: every picture catalogued, every picture searched.
        var catalog = new HashCatalog(n);
        for (var i = 0; i < n; i++) catalog.Add(new Guid(i, 0, 0, new byte[8]), variants[i][0]);
        var found = new SortedDictionary<(int, int), int>();
        for (var i = 0; i < n; i++)
        {
            foreach (var match in catalog.Search(variants[i], maxResults: n))
            {
                var j = BitConverter.ToInt32(match.Id.ToByteArray(), 0);
                if (j == i) continue;
                var key = (Math.Min(i, j), Math.Max(i, j));
                found[key] = Math.Min(match.Distance, found.GetValueOrDefault(key, int.MaxValue));
            }
        }
        progress.WriteLine($"hash bench: {count} distinct pairs, {found.Count} false matches");
        var falseMatches = found.Select(p => (pictures[p.Key.Item1].Name, pictures[p.Key.Item2].Name, p.Value)).ToList();
        return new HashPairs(count, best, identity, qualities, falseMatches);
    }
}
