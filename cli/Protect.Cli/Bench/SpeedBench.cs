using System.Diagnostics;
using Protect.Domain.Imaging.Baselines;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Imaging.Watermarking.Tiled;
using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Cli.Bench;

/// <param name="PipelineMs">Decode + embed + encode, all cores.</param>
/// <param name="PipelineSingleMs">Same with one core for the embed; null where the method has no thread setting.</param>
/// <param name="EmbedMs">Embed only (clone time subtracted), all cores.</param>
/// <param name="DetectMs">Detect (incl. any synchronization), all cores.</param>
/// <param name="DetectSingleMs">Detect on one core; null where the method has no thread setting.</param>
/// <param name="RoundTrip">The mark embedded in the 12 MP image survives its JPEG (quality 90) and reads back exactly.</param>
internal sealed record MethodSpeed(string Name, double PipelineMs, double? PipelineSingleMs, double EmbedMs, double DetectMs,
    double? DetectSingleMs, bool RoundTrip);

internal sealed record SpeedFigures(int Width, int Height, double DecodeMs, double CodecMs, IReadOnlyList<MethodSpeed> Methods, int Repeats)
{
    public double Ratio(double ms) => ms / CodecMs;
}

/// <summary>
/// Speed on a 12 MP JPEG (a Kodak image upscaled to 4240×2832): the codec round trip is the floor, so the
/// figures are ratios to it measured in the same run (medians of a few repeats on a shared machine). The
/// production engine has no thread setting (it uses the default parallelism), so it has all-core figures only;
/// the baseline is single-threaded.
/// </summary>
internal static class SpeedBench
{
    private const int Width = 4240, Height = 2832, Repeats = 3;
    private const ulong Payload = 0x0123456789ABCDEF;

    private sealed record Candidate(string Name, Action<Image<Rgba32>> Embed, Func<Image<Rgba32>, ulong?> Read,
        Action<Image<Rgba32>>? EmbedSingle, Action<Image<Rgba32>>? DetectSingle);

    public static SpeedFigures Run(string sourceFile, WatermarkKey key)
    {
        ImageBench.Log("speed: building the 12 MP JPEG");
        byte[] jpeg;
        using (var source = Image.Load<Rgba32>(sourceFile))
        using (var large = source.Clone(c => c.Resize(Width, Height)))
            jpeg = Encode(large);
        var production = new ImageWatermarkEngine();
        var tiled = new TiledWatermarkEngine();
        var tiledSingle = new TiledWatermarkEngine(new TiledWatermarkOptions { MaxDegreeOfParallelism = 1 });
        Candidate[] candidates =
        [
            new("ours (production)", i => production.Embed(i, key, Payload),
                i => production.Detect(i, key) is { Detected: true } r ? r.Payload : null, null, null),
            new("tiled (experimental)", i => tiled.Embed(i, key, Payload),
                i => tiled.Detect(i, key) is { Detected: true } r ? r.Payload : null,
                i => tiledSingle.Embed(i, key, Payload), i => tiledSingle.Detect(i, key)),
            new("DWT-DCT baseline", i => DwtDctWatermark.Embed(i, Payload), i => DwtDctWatermark.Detect(i), null, null),
        ];

        var decode = Median(() => { using var i = Image.Load<Rgba32>(jpeg); });
        var codec = Median(() => { using var i = Image.Load<Rgba32>(jpeg); Encode(i); });
        using var decoded = Image.Load<Rgba32>(jpeg);
        var clone = Median(() => { using var i = decoded.Clone(); });
        var methods = new List<MethodSpeed>();
        foreach (var c in candidates)
        {
            ImageBench.Log($"speed: {c.Name}");
            var pipeline = Median(() => { using var i = Image.Load<Rgba32>(jpeg); c.Embed(i); Encode(i); });
            double? pipelineSingle = c.EmbedSingle is { } single
                ? Median(() => { using var i = Image.Load<Rgba32>(jpeg); single(i); Encode(i); })
                : null;
            var embed = Median(() => { using var i = decoded.Clone(); c.Embed(i); }) - clone;
            byte[] marked;
            using (var i = decoded.Clone())
            {
                c.Embed(i);
                marked = Encode(i);
            }
            using var suspect = Image.Load<Rgba32>(marked);
            var ok = c.Read(suspect) == Payload;
            var detect = Median(() => c.Read(suspect));
            double? detectSingle = c.DetectSingle is { } detectOne ? Median(() => detectOne(suspect)) : null;
            methods.Add(new MethodSpeed(c.Name, pipeline, pipelineSingle, embed, detect, detectSingle, ok));
        }
        return new SpeedFigures(Width, Height, decode, codec, methods, Repeats);
    }

    private static byte[] Encode(Image<Rgba32> image)
    {
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }

    private static double Median(Action action)
    {
        action(); // warm-up
        var times = new double[Repeats];
        for (var i = 0; i < Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[Repeats / 2];
    }
}
