using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Ml.Attribution.Zoo;

/// <summary>
/// Real content for the zoo, split by source image so no test content is ever seen in training (neither by the
/// zoo's own nets nor by the attribution model): Kodak 1-16 plus two misc photos train, Kodak 17-24 plus the other
/// two misc photos test. (The shared video is not used: decoding it needs ffmpeg, which this machine lacks.)
/// </summary>
public sealed class ZooContent : IDisposable
{
    private static readonly string[] TrainMisc = ["tahiti.png", "trex_bike.jpg"];
    private static readonly string[] TestMisc = ["videoseal-1.jpg", "seabackground.jpg"];

    private ZooContent(List<Image<Rgba32>> train, List<Image<Rgba32>> test, List<string> trainNames, List<string> testNames)
    {
        Train = train;
        Test = test;
        TrainNames = trainNames;
        TestNames = testNames;
    }

    public IReadOnlyList<Image<Rgba32>> Train { get; }
    public IReadOnlyList<Image<Rgba32>> Test { get; }
    public IReadOnlyList<string> TrainNames { get; }
    public IReadOnlyList<string> TestNames { get; }

    /// <param name="imagesRoot">shared/testdata/images (holding kodak/ and misc/).</param>
    public static ZooContent Load(string imagesRoot)
    {
        var kodak = Enumerable.Range(1, 24).Select(i => Path.Combine(imagesRoot, "kodak", $"kodim{i:00}.png")).ToList();
        var train = kodak.Take(16).Concat(TrainMisc.Select(m => Path.Combine(imagesRoot, "misc", m))).ToList();
        var test = kodak.Skip(16).Concat(TestMisc.Select(m => Path.Combine(imagesRoot, "misc", m))).ToList();
        return new ZooContent(train.Select(Image.Load<Rgba32>).ToList(), test.Select(Image.Load<Rgba32>).ToList(),
            train.Select(Path.GetFileName).ToList()!, test.Select(Path.GetFileName).ToList()!);
    }

    public void Dispose()
    {
        foreach (var image in Train.Concat(Test)) image.Dispose();
    }
}
