using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Protect.Integration.Tests.Infrastructure;

namespace Protect.Integration.Tests.Api;

public sealed class SqliteMediaPathTests(SqliteAppFixture fixture) : MediaPathTests(fixture.Factory), IClassFixture<SqliteAppFixture>;

/// <summary>
/// Video and audio through the REST API: upload, protect on the video queue (ffmpeg pipes), download, re-encode as
/// someone sharing it would, and verify: the frames and the soundtrack each carry the asset's ID.
/// </summary>
public abstract class MediaPathTests(ProtectAppFactory factory) : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);
    private readonly string _folder = TestEnvironment.NewTempDirectory("protect-media-api");

    [Fact]
    public async Task A_video_is_protected_and_its_h264_reencode_verifies_in_frames_and_soundtrack()
    {
        var (client, _) = await factory.CreateUserClientAsync();
        // 9 s: the soundtrack's mark needs one whole 6.7-s block of audio to read.
        var clip = Ffmpeg("clip.mp4", "-ss", "1", "-t", "9", "-i", TestEnvironment.TestData("video", "street-1080p-audio.mp4"),
            "-vf", "scale=-2:360", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", "-c:a", "aac", "-b:a", "192k");

        var accepted = await (await client.UploadAsync("/api/v1/assets", await File.ReadAllBytesAsync(clip), "street.mp4")).JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("video", accepted.GetProperty("kind").GetString());
        var id = accepted.GetProperty("id").GetGuid();
        var asset = await client.WaitForStatusAsync($"/api/v1/assets/{id}", JobTimeout);
        Assert.Equal("protected", asset.GetProperty("status").GetString());
        Assert.True(asset.GetProperty("metrics").GetProperty("psnr").GetDouble() >= 40, asset.ToString());
        Assert.True(asset.GetProperty("metrics").GetProperty("audioSnr").GetDouble() >= 25, asset.ToString());

        var protectedResponse = await client.GetAsync($"/api/v1/assets/{id}/protected");
        Assert.Equal("video/mp4", protectedResponse.Content.Headers.ContentType?.MediaType);
        var protectedPath = Path.Combine(_folder, "protected.mp4");
        await File.WriteAllBytesAsync(protectedPath, await protectedResponse.Content.ReadAsByteArrayAsync());
        var shared = Ffmpeg("shared.mp4", "-i", protectedPath, "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-c:a", "aac", "-b:a", "128k");

        var verification = await VerifyAsync(client, shared, "found.mp4");
        var watermarkId = asset.GetProperty("watermarkId").GetString();
        Assert.True(verification.GetProperty("detected").GetBoolean(), verification.ToString());
        Assert.Equal(id, verification.GetProperty("assetId").GetGuid());
        var timeline = verification.GetProperty("timeline");
        Assert.Equal(watermarkId, timeline.GetProperty("videoId").GetString());
        Assert.Equal(watermarkId, timeline.GetProperty("audioId").GetString());
        Assert.True(timeline.GetProperty("agree").GetBoolean());
        Assert.InRange(timeline.GetProperty("frames").GetInt32(), 210, 222);

        // The unprotected clip reads nothing.
        var clean = await VerifyAsync(client, clip, "clean.mp4");
        Assert.False(clean.GetProperty("detected").GetBoolean(), clean.ToString());
    }

    [Fact]
    public async Task Audio_keeps_its_format_and_verifies_after_mp3_encoding()
    {
        var (client, _) = await factory.CreateUserClientAsync();
        var speech = await File.ReadAllBytesAsync(TestEnvironment.TestData("audio", "jfk-speech-16k.wav"));
        var accepted = await (await client.UploadAsync("/api/v1/assets", speech, "jfk.wav")).JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("audio", accepted.GetProperty("kind").GetString());
        var id = accepted.GetProperty("id").GetGuid();
        var asset = await client.WaitForStatusAsync($"/api/v1/assets/{id}", JobTimeout);
        Assert.Equal("protected", asset.GetProperty("status").GetString());
        Assert.True(asset.GetProperty("metrics").GetProperty("audioSnr").GetDouble() >= 25, asset.ToString());

        var protectedResponse = await client.GetAsync($"/api/v1/assets/{id}/protected");
        Assert.Equal("audio/wav", protectedResponse.Content.Headers.ContentType?.MediaType);
        var protectedPath = Path.Combine(_folder, "protected.wav");
        await File.WriteAllBytesAsync(protectedPath, await protectedResponse.Content.ReadAsByteArrayAsync());
        var mp3 = Ffmpeg("shared.mp3", "-i", protectedPath, "-c:a", "libmp3lame", "-b:a", "128k");

        var verification = await VerifyAsync(client, mp3, "found.mp3");
        Assert.True(verification.GetProperty("detected").GetBoolean(), verification.ToString());
        Assert.Equal(id, verification.GetProperty("assetId").GetGuid());
        Assert.Equal(asset.GetProperty("watermarkId").GetString(), verification.GetProperty("timeline").GetProperty("audioId").GetString());
    }

    [Fact]
    public async Task A_truncated_video_is_refused_with_ffprobes_reason_and_nothing_is_stored()
    {
        var (client, _) = await factory.CreateUserClientAsync();
        var clip = Ffmpeg("whole.mp4", "-ss", "0", "-t", "2", "-i", TestEnvironment.TestData("video", "street-1080p-audio.mp4"),
            "-vf", "scale=-2:240", "-c:v", "libx264", "-preset", "ultrafast", "-an", "-movflags", "+faststart");
        var bytes = await File.ReadAllBytesAsync(clip);
        // Keep the header (moov at the front) but cut the media data: ffprobe reads it, the decoder would not.
        var truncated = bytes[..64];
        var problem = await (await client.UploadAsync("/api/v1/assets", truncated, "cut.mp4")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(0, (await (await client.GetAsync("/api/v1/assets")).JsonAsync(HttpStatusCode.OK)).GetProperty("total").GetInt32());
    }

    private string Ffmpeg(string name, params string[] args)
    {
        var output = Path.Combine(_folder, name);
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-v", "error", "-nostdin", "-y", .. args, output]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {error}");
        return output;
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient client, string path, string name)
    {
        var id = (await (await client.UploadAsync("/api/v1/verifications", await File.ReadAllBytesAsync(path), name)).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        var result = await client.WaitForStatusAsync($"/api/v1/verifications/{id}", JobTimeout);
        Assert.Equal("completed", result.GetProperty("status").GetString());
        return result;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* best effort: temp is cleaned eventually */ }
    }
}
