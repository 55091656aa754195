using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Protect.Browser.Tests;

/// <summary>
/// The real web app (Protect.Web.dll, copied beside the tests) as a child process on a free port with its own data
/// directory: embedded SQLite, file blobs and in-process Hangfire workers, exactly as `protect serve` runs it.
/// </summary>
public sealed class PortalServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _dataDirectory;

    private PortalServer(Process process, string dataDirectory, Uri baseAddress)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public static async Task<PortalServer> StartAsync()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "Protect.Web.dll");
        if (!File.Exists(app)) throw new FileNotFoundException("Protect.Web.dll is not beside the tests; build the test project.", app);
        var data = Path.Combine(Path.GetTempPath(), $"protect-browser-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { app, "--urls", baseAddress.ToString().TrimEnd('/'), "--data", data })
            start.ArgumentList.Add(arg);

        var process = new Process { StartInfo = start };
        var server = new PortalServer(process, data, baseAddress);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) server._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) server._output.Enqueue("[stderr] " + e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Protect.Web exited with code {_process.ExitCode} before it was healthy.\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A slow first request; try again.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Protect.Web did not answer /healthz with 200 within {StartTimeout.TotalSeconds:0} s.\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp directory is cleaned up by the OS eventually.
            }
        }
    }
}
