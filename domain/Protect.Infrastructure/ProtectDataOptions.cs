namespace Protect.Infrastructure;

/// <summary>Where the embedded mode keeps everything: database, job storage, blobs and the service key.</summary>
public sealed class ProtectDataOptions
{
    public const string SectionName = "Protect";

    /// <summary>Relative paths are resolved against the working directory. `--data DIR` on every host sets it.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Embedded mode: migrate the database at start and run the workers inside the web process.</summary>
    public bool Embedded { get; set; } = true;

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string PathOf(string name) => Path.Combine(FullDataDirectory, name);
}
