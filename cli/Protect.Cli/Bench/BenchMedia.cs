using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Protect.Cli.Bench;

/// <summary>ffmpeg as the benchmark's attacker and measuring tape: clips, attacks, Y-PSNR.</summary>
internal static partial class BenchMedia
{
    public static string Run(params string[] args)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-nostdin", "-y", "-hide_banner", .. args]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg {string.Join(' ', args)} failed: {stderr.Result[^Math.Min(600, stderr.Result.Length)..]}");
        return stderr.Result;
    }

    /// <summary>Mean Y-PSNR of <paramref name="test"/> against <paramref name="reference"/> (ffmpeg's psnr filter).</summary>
    public static double PsnrY(string test, string reference)
    {
        var log = Run("-i", test, "-i", reference, "-lavfi", "[0:v][1:v]psnr", "-f", "null", "-");
        var match = PsnrLine().Match(log);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
    }

    [GeneratedRegex(@"PSNR y:([0-9.]+|inf)")]
    private static partial Regex PsnrLine();

    /// <summary>Shared test data: PROTECT_TESTDATA, or the first shared/testdata above the working directory or the binary.</summary>
    public static string TestData(params string[] parts)
    {
        var root = Environment.GetEnvironmentVariable("PROTECT_TESTDATA");
        if (string.IsNullOrEmpty(root))
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null && root is null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, "shared", "testdata");
                    if (Directory.Exists(candidate)) root = candidate;
                }
                if (root is not null) break;
            }
        }
        return root is null
            ? throw new UsageException("No shared/testdata found above this folder; set PROTECT_TESTDATA.")
            : Path.Combine([root, .. parts]);
    }
}
