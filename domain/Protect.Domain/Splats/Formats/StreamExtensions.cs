using Protect.Domain.Errors;

namespace Protect.Domain.Splats.Formats;

internal static class StreamExtensions
{
    /// <summary>Fills the buffer or fails with a clear truncation error (the declared size is what we expect).</summary>
    public static void ReadFully(this Stream stream, Span<byte> buffer)
    {
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
            throw new InvalidMediaException($"The file is truncated: expected {buffer.Length:N0} more bytes, got {read:N0}.");
    }

    public static float Finite(float value, string what) =>
        float.IsFinite(value) ? value : throw new InvalidMediaException($"The file holds a non-finite {what} value (NaN or infinity).");
}
