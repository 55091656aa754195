using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace Protect.Workers;

/// <summary>
/// Hangfire keeps one process-wide log provider, set by whichever host configured it last. When that host is
/// disposed while another one in the same process still runs jobs (the test suite starts several), a plain
/// provider throws ObjectDisposedException inside Hangfire's storage code and jobs stop being fetched. This one
/// goes quiet instead.
/// </summary>
internal sealed class DisposalTolerantLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return new TolerantLog(_inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return TolerantLog.Silent;
        }
    }

    private sealed class TolerantLog(ILog? inner) : ILog
    {
        public static readonly TolerantLog Silent = new(null);

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner?.Log(logLevel, messageFunc, exception) ?? false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
