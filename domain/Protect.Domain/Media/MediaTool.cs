using System.Diagnostics;
using System.Text;
using Protect.Domain.Errors;

namespace Protect.Domain.Media;

/// <summary>
/// One ffmpeg/ffprobe child process with raw pipes. Its stderr is drained continuously into a small tail buffer:
/// a full stderr pipe would deadlock the child, and the tail is the reason we show when it fails.
/// </summary>
internal sealed class MediaTool : IDisposable
{
    private const int TailChars = 2000;
    private readonly Process _process;
    private readonly Task _stderrPump;
    private readonly StringBuilder _tail = new();

    private MediaTool(Process process)
    {
        _process = process;
        _stderrPump = Task.Run(PumpStderr);
    }

    public static string FfmpegPath { get; set; } = "ffmpeg";
    public static string FfprobePath { get; set; } = "ffprobe";

    public Stream Output => _process.StandardOutput.BaseStream;
    public Stream Input => _process.StandardInput.BaseStream;

    public static MediaTool Start(string exe, IEnumerable<string> args, bool writesStdin)
    {
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = writesStdin,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            return new MediaTool(Process.Start(info) ?? throw new InvalidOperationException($"{exe} did not start."));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{exe} is not installed or not on PATH (Debian package: ffmpeg).", e);
        }
    }

    /// <summary>Waits for exit; a non-zero exit becomes InvalidMediaException carrying the tool's own reason.</summary>
    public void WaitAndCheck(string what)
    {
        _process.WaitForExit();
        _stderrPump.Wait();
        if (_process.ExitCode != 0)
            throw new InvalidMediaException($"{what}: {Reason()}");
    }

    public string Reason()
    {
        lock (_tail)
        {
            var text = _tail.ToString().Trim();
            return text.Length == 0 ? $"exit code {_process.ExitCode}" : text.ReplaceLineEndings(" ");
        }
    }

    private async Task PumpStderr()
    {
        var buffer = new char[1024];
        int n;
        while ((n = await _process.StandardError.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (_tail)
            {
                _tail.Append(buffer, 0, n);
                if (_tail.Length > TailChars) _tail.Remove(0, _tail.Length - TailChars);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
