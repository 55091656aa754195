using System.Numerics;

namespace Protect.Domain.Imaging.Hashing;

/// <summary>The catalog's hot loop: Hamming distances of a row range against every query variant.</summary>
internal static class HashScan
{
    /// <summary>
    /// Rows in [start, end) within <paramref name="limit"/> of some query, with the best distance; null when none.
    /// Half a hash decides most rows: unrelated hashes differ in ~64 of the first 128 bits, far above any useful
    /// limit, so the second half is only read for the rare candidates (exact: a partial distance never overstates).
    /// </summary>
    public static List<(int Row, int Distance)>? Scan(HashCatalog.Columns columns, PerceptualHash[] queries, int start, int end, int limit)
    {
        List<(int, int)>? found = null;
        var w0 = columns.W0.AsSpan(start, end - start);
        var w1 = columns.W1.AsSpan(start, end - start);
        var w2 = columns.W2.AsSpan(start, end - start);
        var w3 = columns.W3.AsSpan(start, end - start);
        for (var i = 0; i < w0.Length; i++)
        {
            ulong a0 = w0[i], a1 = w1[i];
            var best = int.MaxValue;
            foreach (var q in queries)
            {
                var d = BitOperations.PopCount(a0 ^ q.W0) + BitOperations.PopCount(a1 ^ q.W1);
                if (d > limit) continue;
                d += BitOperations.PopCount(w2[i] ^ q.W2) + BitOperations.PopCount(w3[i] ^ q.W3);
                if (d < best) best = d;
            }
            if (best <= limit) (found ??= []).Add((start + i, best));
        }
        return found;
    }
}
