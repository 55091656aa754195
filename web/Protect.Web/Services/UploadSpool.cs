using Protect.Domain.Errors;

namespace Protect.Web.Services;

/// <summary>
/// Copies an upload to a temp file while counting bytes, so the limit holds even when the client lied about the
/// length, and so inspection can seek without the upload ever sitting whole in memory.
/// </summary>
internal static class UploadSpool
{
    public static async Task<FileStream> ToTempFileAsync(Stream content, long limitBytes, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), "protect-upload-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > limitBytes) throw new MediaTooLargeException(limitBytes);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>Keeps only the last path segment and printable characters; never trusts a client's file name.</summary>
    public static string SafeFileName(string? name)
    {
        var baseName = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var cleaned = new string(baseName.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (cleaned.Length == 0) return "upload";
        return cleaned.Length <= 200 ? cleaned : cleaned[^200..];
    }
}
