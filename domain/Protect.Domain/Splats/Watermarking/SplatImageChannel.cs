using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Splats.Watermarking;

/// <summary>
/// Hidden image on chroma axis 1. The image travels as PNG or JPEG bytes (the best quality that fits) with a keyed
/// CRC32. Carriers are ranked by a keyed hash of each Gaussian's float16-rounded position, scale and opacity, which
/// the message never changes and which a float16 round trip leaves exactly intact, so every Gaussian gets its own
/// slot whatever the order: the first <see cref="HeaderRanks"/> ranks repeat the 48-bit header (32-bit length,
/// 16-bit keyed check), the others cycle over the body bits. Pruning shifts the ranks: the image is then lost
/// (the CRC says so), while the text channel survives.
/// </summary>
internal sealed class SplatImageChannel(WatermarkKey key, float step, float strength)
{
    private const int HeaderBits = 48;
    private const int HeaderRanks = HeaderBits * 16;
    private readonly (ulong K0, ulong K1) _seed = SplatChroma.Seed(key.Derive("splat-message-image-v1"));
    private readonly byte[] _check = key.Derive("splat-message-image-check-v1");

    public sealed record Embedded(string Encoding, int Bytes, double Repetition);

    public Embedded Embed(GaussianScene s, Image<Rgb24> image)
    {
        var (ranks, hashes) = Rank(s);
        var capacity = ranks.Length - HeaderRanks;
        var (name, bytes) = Encode(image, capacity);
        var body = SplatChroma.WithCrcBits(_check, bytes);
        var header = Header(bytes.Length);
        Parallel.For(0, ranks.Length, r =>
        {
            var bit = r < HeaderRanks ? ((header >> (HeaderBits - 1 - r % HeaderBits)) & 1) == 1 : body[(r - HeaderRanks) % body.Length] == 1;
            foreach (var i in ranks[r]) SplatChroma.Embed(s, i, 1, bit, (hashes[r] & 1) == 1, SplatChroma.Dither(hashes[r]), step, strength);
        });
        return new Embedded(name, bytes.Length, capacity / (double)body.Length);
    }

    public Image<Rgb24>? Extract(GaussianScene s)
    {
        var (ranks, hashes) = Rank(s);
        if (ranks.Length <= HeaderRanks) return null;
        float Vote(int r) => ranks[r].Sum(i => SplatChroma.Vote(s, i, 1, (hashes[r] & 1) == 1, SplatChroma.Dither(hashes[r]), step));
        var header = new float[HeaderBits];
        for (var r = 0; r < HeaderRanks; r++) header[r % HeaderBits] += Vote(r);
        var word = SplatChroma.ReadBits(header, 0, HeaderBits);
        var length = (long)(word >> 16);
        if (Header(length) != word || (length + 4) * 8 > ranks.Length - HeaderRanks) return null;
        var soft = new float[(length + 4) * 8];
        for (var r = HeaderRanks; r < ranks.Length; r++) soft[(r - HeaderRanks) % soft.Length] += Vote(r);
        var bytes = SplatChroma.CheckCrc(_check, soft.Select(v => (byte)(v > 0 ? 1 : 0)).ToArray());
        if (bytes is null) return null;
        try { return Image.Load<Rgb24>(bytes); }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException) { return null; }
    }

    private ulong Header(long length) => ((ulong)length << 16) | (SplatChroma.Mix(_seed.K1 ^ (ulong)length * 0x9E3779B97F4A7C15UL) & 0xFFFF);

    /// <summary>The best quality that fits (PNG, then JPEG from q100 down). Extra copies would not help: the edits the
    /// image survives (reordering, float16) leave every vote clean, and the others reshuffle the ranks anyway.</summary>
    private static (string Name, byte[] Bytes) Encode(Image<Rgb24> image, int capacityBits)
    {
        var candidates = new List<(string, byte[])>();
        using (var m = new MemoryStream()) { image.SaveAsPng(m, new PngEncoder { CompressionLevel = PngCompressionLevel.BestCompression }); candidates.Add(("PNG", m.ToArray())); }
        foreach (var q in new[] { 100, 98, 95, 92, 90, 85, 80, 75, 70, 60, 50 })
        {
            using var m = new MemoryStream();
            image.SaveAsJpeg(m, new JpegEncoder { Quality = q, ColorType = JpegColorType.YCbCrRatio444 });
            candidates.Add(($"JPEG q{q}", m.ToArray()));
        }
        foreach (var (name, bytes) in candidates)
            if ((bytes.Length + 4) * 8 <= capacityBits) return (name, bytes);
        var smallest = candidates[^1].Item2.Length;
        throw new InvalidOperationException($"The image does not fit: even JPEG q50 needs {(smallest + 4) * 8} bits and the scene carries {Math.Max(0, capacityBits)}; use a smaller image.");
    }

    /// <summary>Gaussians grouped by keyed hash of their float16 geometry, groups sorted by hash.</summary>
    private (int[][] Ranks, ulong[] Hashes) Rank(GaussianScene s)
    {
        var hashes = new ulong[s.Count];
        Parallel.For(0, s.Count, i =>
        {
            var h = _seed.K0;
            for (var a = 0; a < 3; a++) h = SplatChroma.Mix(h ^ BitConverter.HalfToUInt16Bits((Half)s.Positions[i * 3 + a]));
            for (var a = 0; a < 3; a++) h = SplatChroma.Mix(h ^ _seed.K1 ^ BitConverter.HalfToUInt16Bits((Half)s.Scales[i * 3 + a]));
            hashes[i] = SplatChroma.Mix(h + BitConverter.HalfToUInt16Bits((Half)s.Opacities[i]));
        });
        var groups = Enumerable.Range(0, s.Count).GroupBy(i => hashes[i]).OrderBy(g => g.Key).ToArray();
        return (groups.Select(g => g.ToArray()).ToArray(), groups.Select(g => g.Key).ToArray());
    }
}
