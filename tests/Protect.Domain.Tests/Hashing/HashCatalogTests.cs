using Protect.Domain.Imaging.Attacks;
using Protect.Domain.Imaging.Hashing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Domain.Tests.Hashing;

public sealed class HashCatalogTests
{
    private static PerceptualHash RandomHash(Random random) =>
        new((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());

    private static Guid IdOf(int n) => new(n, 0, 0, new byte[8]);

    [Fact]
    public void A_rotated_jpeg_copy_finds_its_original_among_many()
    {
        var catalog = new HashCatalog();
        var random = new Random(1);
        for (var i = 0; i < 150_000; i++) catalog.Add(Guid.NewGuid(), RandomHash(random));
        foreach (var n in new[] { 6, 11, 20 })
        {
            using var image = Image.Load<Rgba32>(TestData.Path("images", "kodak", $"kodim{n:00}.png"));
            catalog.Add(IdOf(n), PdqHasher.Compute(image).Hash);
        }
        Assert.Equal(150_003, catalog.Count);

        using var original = Image.Load<Rgba32>(TestData.Path("images", "kodak", "kodim11.png"));
        using var rotated = original.Clone(c => c.Rotate(RotateMode.Rotate90));
        using var copy = Transforms.Jpeg(rotated, 60);
        var matches = catalog.Search(PdqHasher.ComputeDihedral(copy));
        var match = Assert.Single(matches);
        Assert.Equal(IdOf(11), match.Id);
        Assert.InRange(match.Distance, 0, HashCatalog.MatchDistance);
    }

    [Fact]
    public void Results_respect_max_distance_and_max_results_and_are_sorted()
    {
        var catalog = new HashCatalog(capacity: 0);
        var query = RandomHash(new Random(2));
        for (var d = 0; d <= 40; d += 5) catalog.Add(IdOf(d), Flip(query, d));

        var all = catalog.Search([query], maxDistance: 40, maxResults: 100);
        Assert.Equal([0, 5, 10, 15, 20, 25, 30, 35, 40], all.Select(m => m.Distance));
        Assert.Equal(all.Select(m => m.Distance).Select(IdOf), all.Select(m => m.Id));

        Assert.Equal([0, 5, 10, 15, 20, 25, 30], catalog.Search([query]).Select(m => m.Distance));
        Assert.Equal([0, 5, 10], catalog.Search([query], maxDistance: 14).Select(m => m.Distance));
        Assert.Equal([0, 5], catalog.Search([query], maxResults: 2).Select(m => m.Distance));
        Assert.Empty(catalog.Search([query], maxResults: 0));
        Assert.Empty(catalog.Search([]));
    }

    [Fact]
    public void An_id_with_several_hashes_appears_once_with_its_best_distance_over_all_variants()
    {
        var catalog = new HashCatalog();
        var random = new Random(3);
        var a = RandomHash(random);
        var b = RandomHash(random);
        catalog.Add(IdOf(1), Flip(a, 20));
        catalog.Add(IdOf(1), Flip(b, 3));
        catalog.Add(IdOf(2), Flip(a, 7));
        var matches = catalog.Search([a, b]);
        Assert.Equal([new CatalogMatch(IdOf(1), 3), new CatalogMatch(IdOf(2), 7)], matches);
    }

    [Fact]
    public void Search_is_exact_across_parallel_chunks()
    {
        var catalog = new HashCatalog();
        var random = new Random(4);
        var query = RandomHash(random);
        var planted = new Dictionary<Guid, int>();
        for (var i = 0; i < 300_000; i++)
        {
            if (i % 40_000 == 39_999)
            {
                var id = IdOf(i);
                planted[id] = i % 31;
                catalog.Add(id, Flip(query, i % 31));
            }
            else
            {
                catalog.Add(Guid.NewGuid(), RandomHash(random));
            }
        }
        var matches = catalog.Search([query], maxResults: 100);
        Assert.Equal(planted.OrderBy(p => p.Value).ThenBy(p => p.Key).Select(p => new CatalogMatch(p.Key, p.Value)), matches);
    }

    [Fact]
    public void Empty_catalog_and_bad_arguments()
    {
        var catalog = new HashCatalog();
        Assert.Empty(catalog.Search([default(PerceptualHash)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.Search([default(PerceptualHash)], maxDistance: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.Search([default(PerceptualHash)], maxResults: -1));
    }

    /// <summary>The hash with its first <paramref name="bits"/> bits inverted: exactly that Hamming distance away.</summary>
    private static PerceptualHash Flip(PerceptualHash hash, int bits)
    {
        Span<ulong> words = [hash.W0, hash.W1, hash.W2, hash.W3];
        for (var k = 0; k < bits; k++) words[k >> 6] ^= 1UL << (k & 63);
        return PerceptualHash.FromWords(words);
    }
}
