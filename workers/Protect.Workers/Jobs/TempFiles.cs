using Protect.Domain.Storage;

namespace Protect.Workers.Jobs;

/// <summary>
/// Scratch files for one job run, deleted on dispose. Media go through disk, not memory, so a 50 MB upload or a
/// long video never sits whole on the heap.
/// </summary>
internal sealed class TempFiles : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "protect-job-" + Guid.NewGuid().ToString("N"));
    private readonly List<FileStream> _open = [];

    public TempFiles() => Directory.CreateDirectory(_directory);

    public FileStream Create()
    {
        var stream = new FileStream(Path.Combine(_directory, Guid.NewGuid().ToString("N")), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        _open.Add(stream);
        return stream;
    }

    /// <summary>A path in this run's folder for tools that write files themselves (ffmpeg picks codecs by extension).</summary>
    public string PathWithExtension(string extension) => Path.Combine(_directory, Guid.NewGuid().ToString("N") + extension);

    public async Task<FileStream> DownloadAsync(IBlobStore blobs, string name, CancellationToken cancellationToken)
    {
        var file = Create();
        await using (var source = await blobs.OpenReadAsync(name, cancellationToken))
            await source.CopyToAsync(file, cancellationToken);
        file.Position = 0;
        return file;
    }

    public void Dispose()
    {
        foreach (var stream in _open) stream.Dispose();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* best effort: the OS cleans temp eventually */ }
    }
}
