using System.Net;
using Protect.Domain.Splats;
using Protect.Integration.Tests.Infrastructure;
using SixLabors.ImageSharp;

namespace Protect.Integration.Tests.Api;

/// <summary>A real 3DGS scene end to end: upload, protect on the splat queue, convert to another format, verify.</summary>
public sealed class SplatPathTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Fact]
    public async Task Upload_protect_convert_to_splat_and_verify_finds_the_owner()
    {
        var (client, _) = await fixture.Factory.CreateUserClientAsync();
        var scene = await File.ReadAllBytesAsync(TestEnvironment.TestData("splats", "guitar.compressed.ply"));
        var accepted = await (await client.UploadAsync("/api/v1/assets", scene, "guitar.compressed.ply")).JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("splat", accepted.GetProperty("kind").GetString());
        var id = accepted.GetProperty("id").GetGuid();

        var asset = await client.WaitForStatusAsync($"/api/v1/assets/{id}", TimeSpan.FromSeconds(180));
        Assert.Equal("protected", asset.GetProperty("status").GetString());
        Assert.True(asset.GetProperty("metrics").GetProperty("psnr").GetDouble() >= 45, asset.ToString());
        var watermarkId = asset.GetProperty("watermarkId").GetString();

        foreach (var which in new[] { "original", "protected" })
        {
            var preview = await client.GetAsync($"/api/v1/assets/{id}/preview/{which}");
            Assert.Equal("image/png", preview.Content.Headers.ContentType?.MediaType);
            using var image = Image.Load(await preview.Content.ReadAsByteArrayAsync());
            Assert.Equal(SplatProtection.PreviewWidth, image.Width);
        }

        // The owner's protected scene, shared as an antimatter15 .splat file.
        var protectedBytes = await client.GetByteArrayAsync($"/api/v1/assets/{id}/protected");
        var marked = SplatFile.Read(new MemoryStream(protectedBytes), "guitar.compressed.ply").Scene;
        using var converted = new MemoryStream();
        SplatFile.Write(marked, converted, SplatFormat.Splat);

        var verificationId = (await (await client.UploadAsync("/api/v1/verifications", converted.ToArray(), "found.splat")).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        var verdict = await client.WaitForStatusAsync($"/api/v1/verifications/{verificationId}", TimeSpan.FromSeconds(120));
        Assert.True(verdict.GetProperty("detected").GetBoolean(), verdict.ToString());
        Assert.Equal(watermarkId, verdict.GetProperty("watermarkId").GetString());
        Assert.Equal(id, verdict.GetProperty("assetId").GetGuid());
    }

    [Fact]
    public async Task Unmarked_scene_is_not_detected_and_a_truncated_scene_is_refused()
    {
        var (client, _) = await fixture.Factory.CreateUserClientAsync();
        var scene = await File.ReadAllBytesAsync(TestEnvironment.TestData("splats", "guitar.compressed.ply"));
        var verificationId = (await (await client.UploadAsync("/api/v1/verifications", scene, "guitar.compressed.ply")).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        var verdict = await client.WaitForStatusAsync($"/api/v1/verifications/{verificationId}", TimeSpan.FromSeconds(120));
        Assert.False(verdict.GetProperty("detected").GetBoolean());

        await (await client.UploadAsync("/api/v1/assets", scene[..(scene.Length / 2)], "cut.compressed.ply")).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
