using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using Protect.Domain.Errors;
using Protect.Domain.Imaging;
using Protect.Web.Services;

namespace Protect.Web.Components.Shared;

/// <summary>
/// A styled <see cref="InputFile"/>: the invisible input covers the zone, so the browser accepts drops and clicks
/// natively. Files upload one after another through <see cref="Upload"/>; errors stay next to the file they belong to.
/// </summary>
public sealed partial class DropZone : IDisposable
{
    public const string Accept = ".jpg,.jpeg,.png,.webp,.bmp,.tif,.tiff,.ply,.splat,.spz,.mp4,.mov,.mkv,.webm,.wav,.flac,.mp3,.ogg,.opus,.m4a";
    public const int DefaultMaxFiles = 20;

    private readonly CancellationTokenSource _disposed = new();
    private List<UploadItem> _items = [];
    private bool _dragging;
    private bool _busy;

    [Inject] private MediaLimitsOptions Limits { get; set; } = default!;

    [Parameter] public bool Multiple { get; set; }

    /// <summary>Files accepted in one pick (generator samples come in larger batches than works to protect).</summary>
    [Parameter] public int MaxFiles { get; set; } = DefaultMaxFiles;
    [Parameter] public string Title { get; set; } = "Upload images";

    /// <summary>Stores one file (name, content stream); throws a <see cref="DomainException"/> to refuse it.</summary>
    [Parameter, EditorRequired] public Func<string, Stream, Task> Upload { get; set; } = default!;

    private async Task OnChangeAsync(InputFileChangeEventArgs e)
    {
        _dragging = false;
        if (e.FileCount > MaxFiles)
        {
            _items = [new UploadItem($"{e.FileCount} files") { Error = $"Too many files: pick at most {MaxFiles} at a time." }];
            return;
        }
        // The browser forgets these files as soon as the input changes again, so the input stays disabled until done.
        var files = e.GetMultipleFiles(MaxFiles);
        _items = files.Select(f => new UploadItem(f.Name) { File = f }).ToList();
        _busy = true;
        try
        {
            foreach (var item in _items)
            {
                if (_disposed.IsCancellationRequested) return;
                await SendAsync(item);
                StateHasChanged();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SendAsync(UploadItem item)
    {
        var file = item.File!;
        try
        {
            if (file.Size > Limits.MaxUploadBytes) throw new MediaTooLargeException(Limits.MaxUploadBytes);
            await using var content = new ProgressStream(file.OpenReadStream(Limits.MaxUploadBytes, _disposed.Token), file.Size, percent =>
            {
                item.Percent = percent;
                _ = InvokeAsync(StateHasChanged);
            });
            await Upload(file.Name, content);
            item.Done = true;
        }
        catch (DomainException ex)
        {
            item.Error = $"{ex.Title}: {ex.Message}";
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The page was left mid-upload: nothing was stored, and there is nobody to tell.
        }
        catch (Exception ex) when (ex is IOException or JSException or OperationCanceledException)
        {
            item.Error = "Upload interrupted: " + ex.Message;
        }
    }

    // Cancel only: the upload loop may still read the token while it unwinds.
    public void Dispose() => _disposed.Cancel();

    private sealed class UploadItem(string name)
    {
        public string Name { get; } = name;
        public IBrowserFile? File { get; init; }
        public int Percent { get; set; }
        public bool Done { get; set; }
        public string? Error { get; set; }

        public string State => Error is not null ? "Failed"
            : Done ? "Uploaded"
            : Percent >= 100 ? "Checking…"
            : $"{Percent} %";
    }
}
