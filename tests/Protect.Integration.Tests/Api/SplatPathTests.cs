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

/// <summary>The owner's hidden message comes back only to the owner; a rotated and moved copy reads after alignment.</summary>
public sealed class SplatMessageAndAlignmentTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private const string Secret = "Scene by Ada, 2026 — licensed to nobody.";

    [Fact]
    public async Task Hidden_message_is_returned_to_the_owner_only_and_a_transformed_copy_is_aligned()
    {
        var (owner, _) = await fixture.Factory.CreateUserClientAsync();
        var (stranger, _) = await fixture.Factory.CreateUserClientAsync();
        var scene = await File.ReadAllBytesAsync(TestEnvironment.TestData("splats", "guitar.compressed.ply"));
        var id = (await (await owner.UploadAsync("/api/v1/assets", scene, "guitar.compressed.ply", message: Secret)).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        var asset = await owner.WaitForStatusAsync($"/api/v1/assets/{id}", TimeSpan.FromSeconds(180));
        Assert.Equal("protected", asset.GetProperty("status").GetString());
        var marked = SplatFile.Read(new MemoryStream(await owner.GetByteArrayAsync($"/api/v1/assets/{id}/protected")), "x.compressed.ply").Scene;

        var asSplat = Write(marked, SplatFormat.Splat);
        var mine = await VerifyAsync(owner, asSplat, "copy.splat");
        Assert.True(mine.GetProperty("detected").GetBoolean(), mine.ToString());
        Assert.Equal(Secret, mine.GetProperty("hiddenMessage").GetString());
        var theirs = await VerifyAsync(stranger, asSplat, "copy.splat");
        Assert.True(theirs.GetProperty("detected").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, theirs.GetProperty("hiddenMessage").ValueKind);

        var moved = Protect.Domain.Splats.Watermarking.SplatAttacks.Transform(marked,
            System.Numerics.Quaternion.CreateFromYawPitchRoll(0.6f, 0.2f, -0.3f), 1.7f, new System.Numerics.Vector3(3, -2, 5));
        var aligned = await VerifyAsync(owner, Write(moved, SplatFormat.Splat), "moved.splat");
        Assert.True(aligned.GetProperty("detected").GetBoolean(), aligned.ToString());
        Assert.True(aligned.GetProperty("alignmentApplied").GetBoolean());
        Assert.Equal(id, aligned.GetProperty("assetId").GetGuid());

        var png = await File.ReadAllBytesAsync(TestEnvironment.TestData("images", "kodak", "kodim01.png"));
        await (await owner.UploadAsync("/api/v1/assets", png, "kodim01.png", message: "no")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    private static byte[] Write(GaussianScene scene, SplatFormat format)
    {
        using var stream = new MemoryStream();
        SplatFile.Write(scene, stream, format);
        return stream.ToArray();
    }

    private static async Task<System.Text.Json.JsonElement> VerifyAsync(HttpClient client, byte[] bytes, string name)
    {
        var id = (await (await client.UploadAsync("/api/v1/verifications", bytes, name)).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        return await client.WaitForStatusAsync($"/api/v1/verifications/{id}", TimeSpan.FromSeconds(180));
    }
}
