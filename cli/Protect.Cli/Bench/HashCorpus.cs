using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Cli.Bench;

/// <summary>One benchmark picture: a whole photo or frame, or one cell of a grid laid over it.</summary>
internal sealed record HashSample(string Name, Image<Rgba32> Image) : IDisposable
{
    public void Dispose() => Image.Dispose();
}

/// <summary>
/// The hash benchmark's real pictures. "Distinct" pictures never share a pixel of content: non-overlapping grid cells
/// of different photos, and of video frames a second or more apart. videoseal-1.jpg is frame 0 of the shared video,
/// so it is left out of the distinct set (it is a true duplicate, not a false match).
/// </summary>
internal sealed class HashCorpus : IDisposable
{
    public const string VideoFile = "street-1080p-audio.mp4";
    public static readonly int[] FrameSeconds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    private static readonly string[] MiscDistinct = ["tahiti.png", "trex_bike.jpg", "seabackground.jpg"];
    private const string MiscDuplicateOfVideo = "videoseal-1.jpg";

    /// <summary>Whole photos and frames: the match-rate trials use them besides the cells.</summary>
    public List<HashSample> Whole { get; } = [];

    /// <summary>Content-disjoint cells: every pair of them is a pair of distinct real images.</summary>
    public List<HashSample> Distinct { get; } = [];

    public List<string> Notes { get; } = [];

    public static HashCorpus Load(string testData, TextWriter progress)
    {
        var corpus = new HashCorpus();
        var kodak = Directory.GetFiles(Path.Combine(testData, "images", "kodak"), "*.png").Order(StringComparer.Ordinal).ToList();
        foreach (var file in kodak)
            corpus.AddPhoto(file, 2, 2, distinct: true);
        foreach (var name in MiscDistinct)
            corpus.AddPhoto(Path.Combine(testData, "images", "misc", name), 2, 2, distinct: true);
        corpus.AddPhoto(Path.Combine(testData, "images", "misc", MiscDuplicateOfVideo), 0, 0, distinct: false);
        corpus.Notes.Add($"{kodak.Count} Kodak photos and {MiscDistinct.Length} misc photos (tahiti, trex_bike, seabackground), each cut into a 2x2 grid of equal non-overlapping cells");
        progress.WriteLine($"hash bench: {corpus.Distinct.Count} cells from photos");

        var video = Path.Combine(testData, "video", VideoFile);
        var work = Directory.CreateTempSubdirectory("protect-bench-hash-").FullName;
        try
        {
            foreach (var second in FrameSeconds)
            {
                var png = Path.Combine(work, $"frame-{second:00}.png");
                BenchMedia.Run("-v", "error", "-ss", second.ToString(CultureInfo.InvariantCulture), "-i", video, "-frames:v", "1", png);
                corpus.AddFrame(png, second);
            }
            corpus.Notes.Add($"{FrameSeconds.Length} frames of video/{VideoFile} at {FrameSeconds[0]}, {FrameSeconds[1]}, ..., {FrameSeconds[^1]} s (decoded with ffmpeg), each cut into a 4x2 grid of 476x540 cells");
        }
        catch (InvalidOperationException e) when (e.Message.Contains("ffmpeg", StringComparison.Ordinal))
        {
            corpus.Notes.Add($"video frames skipped: {e.Message.ReplaceLineEndings(" ")}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            corpus.Notes.Add($"video frames skipped: ffmpeg is not installed ({e.Message})");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        corpus.Notes.Add($"{MiscDuplicateOfVideo} is frame 0 of the video, so it is only used whole, for match rates");
        progress.WriteLine($"hash bench: {corpus.Distinct.Count} distinct cells, {corpus.Whole.Count} whole pictures");
        return corpus;
    }

    private void AddPhoto(string file, int columns, int rows, bool distinct)
    {
        var image = Image.Load<Rgba32>(file);
        var name = Path.GetFileNameWithoutExtension(file);
        Whole.Add(new HashSample(name, image));
        if (distinct) AddCells(name, image, columns, rows);
    }

    private void AddFrame(string png, int second)
    {
        var image = Image.Load<Rgba32>(png);
        var name = string.Create(CultureInfo.InvariantCulture, $"frame@{second}s");
        Whole.Add(new HashSample(name, image));
        AddCells(name, image, 4, 2);
    }

    private void AddCells(string name, Image<Rgba32> image, int columns, int rows)
    {
        int w = image.Width / columns, h = image.Height / rows;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var cell = new Rectangle(c * w, r * h, w, h);
                Distinct.Add(new HashSample(string.Create(CultureInfo.InvariantCulture, $"{name}[{c},{r}]"), image.Clone(x => x.Crop(cell))));
            }
        }
    }

    public void Dispose()
    {
        foreach (var s in Whole.Concat(Distinct)) s.Dispose();
    }
}
