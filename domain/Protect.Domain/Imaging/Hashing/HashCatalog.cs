namespace Protect.Domain.Imaging.Hashing;

public sealed record CatalogMatch(Guid Id, int Distance);

/// <summary>
/// In-memory near-duplicate index: every catalogued hash is compared with every query variant by Hamming distance.
/// A linear scan is the right tool at this scale (1 M hashes = 32 MB read once per query, a few milliseconds per
/// core) and, unlike multi-index hashing, stays exact at PDQ's match radius of 31 bits. Storage is one array per
/// 64-bit word so the scan reads memory sequentially. Add and Search may run concurrently: Search sees a snapshot.
/// </summary>
public sealed class HashCatalog
{
    /// <summary>Meta's recommended PDQ match threshold: Hamming distance at most 31 of 256 bits.</summary>
    public const int MatchDistance = 31;

    /// <summary>Hashes per parallel work item: large enough that scheduling costs nothing next to the scan.</summary>
    private const int ChunkSize = 1 << 16;

    private readonly Lock _gate = new();
    private Columns _columns;
    private int _count;

    public HashCatalog(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _columns = new Columns(Math.Max(16, capacity));
    }

    public int Count => Volatile.Read(ref _count);

    public void Add(Guid id, PerceptualHash hash)
    {
        lock (_gate)
        {
            if (_count == _columns.Capacity) _columns = _columns.Grow(_count);
            _columns.Set(_count, id, hash);
            // Published after the row is written: a concurrent Search never reads a half-written row.
            Volatile.Write(ref _count, _count + 1);
        }
    }

    /// <summary>
    /// Ids whose hash lies within <paramref name="maxDistance"/> of any query variant, each with its best distance,
    /// nearest first (ties by id, so results are deterministic), at most <paramref name="maxResults"/>.
    /// </summary>
    public IReadOnlyList<CatalogMatch> Search(ReadOnlySpan<PerceptualHash> queryVariants, int maxDistance = MatchDistance, int maxResults = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        ArgumentOutOfRangeException.ThrowIfNegative(maxResults);
        if (queryVariants.IsEmpty || maxResults == 0) return [];
        Columns columns;
        int count;
        lock (_gate)
        {
            columns = _columns;
            count = _count;
        }
        if (count == 0) return [];

        var queries = queryVariants.ToArray();
        var limit = Math.Min(maxDistance, PerceptualHash.Bits);
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        var found = new List<(int Row, int Distance)>?[chunks];
        if (chunks == 1)
            found[0] = HashScan.Scan(columns, queries, 0, count, limit);
        else
            Parallel.For(0, chunks, c => found[c] = HashScan.Scan(columns, queries, c * ChunkSize, Math.Min(count, (c + 1) * ChunkSize), limit));
        return Best(columns, found, maxResults);
    }

    private static List<CatalogMatch> Best(Columns columns, List<(int Row, int Distance)>?[] found, int maxResults)
    {
        // Matches are rare (a few per query), so a dictionary for "best per id" costs nothing.
        var best = new Dictionary<Guid, int>();
        foreach (var list in found)
        {
            if (list is null) continue;
            foreach (var (row, distance) in list)
            {
                var id = columns.Ids[row];
                if (!best.TryGetValue(id, out var current) || distance < current) best[id] = distance;
            }
        }
        return best.Select(p => new CatalogMatch(p.Key, p.Value))
            .OrderBy(m => m.Distance).ThenBy(m => m.Id)
            .Take(maxResults).ToList();
    }

    /// <summary>Structure of arrays: word w of row r is in W[w][r].</summary>
    internal sealed class Columns
    {
        public Columns(int capacity)
        {
            Ids = new Guid[capacity];
            W0 = new ulong[capacity];
            W1 = new ulong[capacity];
            W2 = new ulong[capacity];
            W3 = new ulong[capacity];
        }

        public int Capacity => Ids.Length;
        public Guid[] Ids { get; }
        public ulong[] W0 { get; }
        public ulong[] W1 { get; }
        public ulong[] W2 { get; }
        public ulong[] W3 { get; }

        public void Set(int row, Guid id, PerceptualHash hash)
        {
            Ids[row] = id;
            W0[row] = hash.W0;
            W1[row] = hash.W1;
            W2[row] = hash.W2;
            W3[row] = hash.W3;
        }

        /// <summary>A doubled copy; the old arrays stay untouched for searches that hold them.</summary>
        public Columns Grow(int count)
        {
            var next = new Columns(checked(Capacity * 2));
            Array.Copy(Ids, next.Ids, count);
            Array.Copy(W0, next.W0, count);
            Array.Copy(W1, next.W1, count);
            Array.Copy(W2, next.W2, count);
            Array.Copy(W3, next.W3, count);
            return next;
        }
    }
}
