using System.Security.Cryptography;
using Protect.Domain.Storage;

namespace Protect.Tests.Storage;

/// <summary>
/// What every <see cref="IBlobStore"/> must do, whatever it stores blobs in. Shared as a linked source file by the
/// unit tests (filesystem) and the integration tests (Azure through Azurite), which cannot reference each other.
/// </summary>
public abstract class BlobStoreContract
{
    private const int MiB = 1024 * 1024;

    // Per test instance, so tests sharing a container (Azure) never see each other's blobs.
    private readonly string _prefix = $"assets/{Guid.NewGuid():N}/";

    protected abstract IBlobStore Store { get; }

    /// <summary>Checked after failed writes: a store looks for its own leftovers (temp files and the like).</summary>
    protected virtual void AssertNoLeftovers()
    {
    }

    protected string Name(string file) => _prefix + file;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3 * MiB + 17)]
    [InlineData(9 * MiB + 123)] // spans several blocks of a chunked upload, the last one partial
    public async Task Write_then_read_round_trips_content_and_reports_its_sha256(int size)
    {
        var data = RandomNumberGenerator.GetBytes(size);
        var expected = Convert.ToHexStringLower(SHA256.HashData(data));

        var written = await Store.WriteAsync(Name("original.bin"), new SourceStream(data), "application/octet-stream");

        Assert.Equal(new BlobInfo(Name("original.bin"), size, "application/octet-stream", expected), written);
        Assert.Equal(written, await Store.GetInfoAsync(Name("original.bin")));
        var read = await ReadAllAsync(Name("original.bin"));
        Assert.Equal(size, read.Length);
        Assert.Equal(expected, Convert.ToHexStringLower(SHA256.HashData(read)));
    }

    [Fact]
    public async Task Overwrite_replaces_content_and_info()
    {
        await Store.WriteAsync(Name("b.bin"), new SourceStream(RandomNumberGenerator.GetBytes(2 * MiB)), "image/png");
        var second = RandomNumberGenerator.GetBytes(1000);

        var written = await Store.WriteAsync(Name("b.bin"), new SourceStream(second), "image/jpeg");

        Assert.Equal(second, await ReadAllAsync(Name("b.bin")));
        Assert.Equal(written, await Store.GetInfoAsync(Name("b.bin")));
        Assert.Equal(1000, written.Length);
        Assert.Equal("image/jpeg", written.ContentType);
    }

    [Fact]
    public async Task Content_type_is_kept()
    {
        await Store.WriteAsync(Name("c.png"), new SourceStream([1, 2, 3]), "image/png");

        Assert.Equal("image/png", (await Store.GetInfoAsync(Name("c.png")))?.ContentType);
    }

    [Fact]
    public async Task Missing_blob_has_no_info_and_cannot_be_opened()
    {
        Assert.Null(await Store.GetInfoAsync(Name("missing.bin")));
        var e = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(Name("missing.bin")));
        Assert.Equal(Name("missing.bin"), e.BlobName);
    }

    [Fact]
    public async Task Delete_returns_true_then_false()
    {
        await Store.WriteAsync(Name("d.bin"), new SourceStream([42]), "application/octet-stream");

        Assert.True(await Store.DeleteAsync(Name("d.bin")));
        Assert.False(await Store.DeleteAsync(Name("d.bin")));
        Assert.Null(await Store.GetInfoAsync(Name("d.bin")));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(Name("d.bin")));
        Assert.False(await Store.DeleteAsync(Name("never/written/at/all.bin")));
    }

    [Fact]
    public async Task Source_failing_midway_keeps_the_old_blob_and_shows_no_new_one()
    {
        var old = RandomNumberGenerator.GetBytes(MiB);
        await Store.WriteAsync(Name("old.bin"), new SourceStream(old), "image/png");
        // 5 MiB in: past the first block of a chunked upload, so something was already sent when it fails.
        IOException Fail() => new("client went away");

        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync(
            Name("old.bin"), new SourceStream(RandomNumberGenerator.GetBytes(6 * MiB), 5 * MiB, () => throw Fail()), "image/jpeg"));
        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync(
            Name("new.bin"), new SourceStream(RandomNumberGenerator.GetBytes(6 * MiB), 5 * MiB, () => throw Fail()), "image/jpeg"));

        Assert.Equal(old, await ReadAllAsync(Name("old.bin")));
        Assert.Equal("image/png", (await Store.GetInfoAsync(Name("old.bin")))?.ContentType);
        Assert.Null(await Store.GetInfoAsync(Name("new.bin")));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(Name("new.bin")));
        AssertNoLeftovers();
    }

    [Fact]
    public async Task Cancellation_midway_leaves_nothing()
    {
        var old = RandomNumberGenerator.GetBytes(MiB);
        await Store.WriteAsync(Name("old.bin"), new SourceStream(old), "image/png");

        foreach (var name in new[] { Name("old.bin"), Name("new.bin") })
        {
            using var cancellation = new CancellationTokenSource();
            var source = new SourceStream(RandomNumberGenerator.GetBytes(6 * MiB), 5 * MiB, cancellation.Cancel);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => Store.WriteAsync(name, source, "image/jpeg", cancellation.Token));
        }

        Assert.Equal(old, await ReadAllAsync(Name("old.bin")));
        Assert.Null(await Store.GetInfoAsync(Name("new.bin")));
        AssertNoLeftovers();
    }

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/abs")]
    [InlineData("a\\b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData(".hidden")]
    [InlineData("a/b.meta.json")]
    [InlineData("naïve.png")]
    [InlineData("a b")]
    public async Task Unsafe_names_are_rejected(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(name, new SourceStream([1]), "text/plain"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(name));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetInfoAsync(name));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(name));
    }

    private async Task<byte[]> ReadAllAsync(string name)
    {
        await using var stream = await Store.OpenReadAsync(name);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// A non-seekable source, like a request body, so stores cannot peek at its length; once <c>faultAt</c> bytes
    /// were read it runs <c>fault</c> (throw, or cancel the caller's token and carry on) once.
    /// </summary>
    private sealed class SourceStream(byte[] data, long faultAt = long.MaxValue, Action? fault = null) : Stream
    {
        private long _position;
        private long _faultAt = faultAt;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(Span<byte> buffer)
        {
            if (_position >= _faultAt)
            {
                _faultAt = long.MaxValue;
                fault?.Invoke();
            }
            var count = (int)Math.Min(buffer.Length, Math.Min(data.Length, _faultAt) - _position);
            data.AsSpan((int)_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
