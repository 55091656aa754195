using System.Globalization;
using System.Text.Json;
using Protect.Domain.Assets;
using Protect.Domain.Keys;
using Protect.Infrastructure;
using Protect.Infrastructure.Keys;

namespace Protect.Cli;

/// <summary>What every media verb shares: the key, input checks, atomic output and the one JSON line on stdout.</summary>
internal static class CliIo
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>`--key-file F` (64 hex characters), or the service key in DATA/keys (created when missing).</summary>
    public static WatermarkKey LoadKey(CliArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var keyFile = args.Optional("--key-file");
        if (keyFile is not null) return ServiceKeyFile.Load(ExistingFile(keyFile));
        var data = new ProtectDataOptions { DataDirectory = args.Optional("--data") ?? "data" };
        return new ServiceKeyFile(data).Key;
    }

    public static WatermarkId ParsePayload(string hex) =>
        WatermarkId.TryParse(hex, out var payload)
            ? payload
            : throw new UsageException($"--payload must be exactly 16 hex digits (64 bits); got '{hex}'.");

    public static int ParseInt(string text, string name) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new UsageException($"{name} must be a non-negative integer.");

    public static string ExistingFile(string path) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new UsageException($"File not found: {path}");

    /// <summary>Written beside the target and renamed into place: OUT is either absent or complete.</summary>
    public static void WriteAtomically(string output, Action<FileStream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temp = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
                write(target);
            File.Move(temp, output, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static void Print(object result) => Console.Out.WriteLine(JsonSerializer.Serialize(result, Json));
}
