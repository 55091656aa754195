using System.Diagnostics;
using Protect.Domain.Keys;

namespace Protect.Domain.Tests.Media;

/// <summary>Tiny clips cut from the real test media with ffmpeg, in a temp folder the test owns.</summary>
internal sealed class Clips : IDisposable
{
    public static readonly WatermarkKey Key = WatermarkKey.ParseHex(new string('7', 62) + "a1");
    public static readonly WatermarkKey OtherKey = WatermarkKey.ParseHex(new string('3', 62) + "b2");
    public const ulong Payload = 0x0123_4567_89ab_cdefUL;

    public string Folder { get; } = Directory.CreateTempSubdirectory("protect-media-").FullName;

    public string File(string name) => Path.Combine(Folder, name);

    public static string StreetVideo => TestData.Path("video", "street-1080p-audio.mp4");
    public static string Speech => TestData.Path("audio", "jfk-speech-16k.wav");

    /// <summary>Runs ffmpeg with the given arguments (after -v error -y) and returns the output path.</summary>
    public string Ffmpeg(string output, params string[] args)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-v", "error", "-nostdin", "-y", .. args, output]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {error}");
        return output;
    }

    /// <summary>A short low-resolution cut of the street video, with its audio.</summary>
    public string StreetClip(string name, double start, double seconds, int height = 240) =>
        Ffmpeg(File(name), "-ss", $"{start}", "-t", $"{seconds}", "-i", StreetVideo, "-vf", $"scale=-2:{height}",
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-c:a", "aac", "-b:a", "192k");

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
