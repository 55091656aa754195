using System.Diagnostics;
using Protect.Domain.Forensics;
using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Attacks;
using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Cli.Bench;

internal sealed record SampleRender(string Title, string SuspectFile, string OverlayFile, string MaskFile, string Verdict, string Explanation);

/// <summary>Rendered examples: the suspect, the mask overlay and the explanation, as the portal will show them.</summary>
internal static class ForensicsSamples
{
    public static SampleRender Render(ImageProtection protection, WatermarkKey key, Image<Rgba32> suspect, string title, string directory, int number)
    {
        Directory.CreateDirectory(directory);
        var result = protection.Verify(suspect, key);
        var stem = $"example-{number}";
        suspect.SaveAsPng(Path.Combine(directory, $"{stem}-suspect.png"));
        using (var overlay = MaskImages.Overlay(suspect, result.Tamper.Mask))
            overlay.SaveAsPng(Path.Combine(directory, $"{stem}-overlay.png"));
        using (var mask = File.Create(Path.Combine(directory, $"{stem}-mask.png")))
            MaskImages.WriteMask(result.Tamper.Mask, mask);
        return new SampleRender(title, $"{stem}-suspect.png", $"{stem}-overlay.png", $"{stem}-mask.png", result.Tamper.Verdict.ToString(), result.Tamper.Explanation);
    }
}

/// <param name="CpuMs">Process CPU time of one full verification (all threads): the machine is shared, so wall time alone overstates.</param>
/// <param name="Load">1-minute load average during the measurement (Linux), NaN elsewhere.</param>
internal sealed record SpeedFiguresForensics(int Width, int Height, double VerifyMs, double TamperOnlyMs, double CpuMs, double Load, int Repeats);

/// <summary>Verification time on a 12 MP picture (after decode): median of a few runs after a warm-up.</summary>
internal static class ForensicsSpeed
{
    public static SpeedFiguresForensics Measure(ImageProtection protection, WatermarkKey key, string file)
    {
        using var source = Image.Load<Rgba32>(file);
        using var large = Transforms.Resize(source, Math.Sqrt(12e6 / (source.Width * (double)source.Height)));
        var marked = large.Clone();
        new Protect.Domain.Imaging.Watermarking.ImageWatermarkEngine().Embed(marked, key, 1);
        IntegrityLayer.Embed(marked, key);
        using var suspect = Transforms.Jpeg(marked, 90);
        marked.Dispose();
        var copyright = new Protect.Domain.Imaging.Watermarking.ImageWatermarkEngine().Detect(suspect, key);
        var full = new List<double>();
        var tamper = new List<double>();
        var cpu = new List<double>();
        const int repeats = 3;
        for (var r = 0; r <= repeats; r++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            protection.Verify(suspect, key);
            var a = clock.Elapsed.TotalMilliseconds;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            clock.Restart();
            new TamperAnalyzer().Analyze(suspect, key, copyright);
            var b = clock.Elapsed.TotalMilliseconds;
            if (r > 0)
            {
                full.Add(a);
                tamper.Add(b);
                cpu.Add(cpuMs);
            }
        }
        return new SpeedFiguresForensics(suspect.Width, suspect.Height, Median(full), Median(tamper), Median(cpu), LoadAverage(), repeats);
    }

    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
