using Microsoft.Extensions.Configuration;

namespace Protect.Workers;

/// <summary>
/// Configuration shared by every host: the root appsettings.json (copied beside each program), then environment
/// variables (Protect__Database__Provider=Postgres), then the short command-line switches.
/// </summary>
public static class HostConfiguration
{
    public static readonly Dictionary<string, string> SwitchMappings = new()
    {
        ["--data"] = "Protect:DataDirectory",
        ["--queues"] = "Protect:Jobs:Queues",
    };

    public static void AddProtectSources(this IConfigurationManager configuration, string[] args)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args, SwitchMappings);
    }
}
