using Protect.Domain.Keys;

namespace Protect.Infrastructure.Keys;

/// <summary>
/// The service's watermark key, kept in DATA/keys/watermark.key (64 hex characters, mode 0600). It is generated on
/// first start and never written anywhere else: not to logs, not to the database.
/// </summary>
public sealed class ServiceKeyFile(ProtectDataOptions data)
{
    private readonly Lazy<WatermarkKey> _key = new(() => LoadOrCreate(Path.Combine(data.FullDataDirectory, "keys", "watermark.key")));

    public WatermarkKey Key => _key.Value;

    public static WatermarkKey Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Key file '{path}' does not exist.", path);
        return WatermarkKey.ParseHex(File.ReadAllText(path));
    }

    internal static WatermarkKey LoadOrCreate(string path)
    {
        if (File.Exists(path)) return Load(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = WatermarkKey.Generate();
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(temp, options)) writer.Write(key.ToHex());
        try
        {
            // Two processes starting at once (web + worker) must agree on one key: the first rename wins.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }
        return Load(path);
    }
}
