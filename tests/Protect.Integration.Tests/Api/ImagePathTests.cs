using System.Net;
using System.Text.Json;
using Protect.Infrastructure.Data;
using Protect.Integration.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Integration.Tests.Api;

public sealed class SqliteAppFixture() : AppFixture(DatabaseProvider.Sqlite);

public sealed class PostgresAppFixture() : AppFixture(DatabaseProvider.Postgres);

public abstract class AppFixture(DatabaseProvider provider) : IDisposable
{
    public ProtectAppFactory Factory { get; } = new(provider);

    public void Dispose()
    {
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteImagePathTests(SqliteAppFixture fixture) : ImagePathTests(fixture.Factory), IClassFixture<SqliteAppFixture>;

public sealed class PostgresImagePathTests(PostgresAppFixture fixture) : ImagePathTests(fixture.Factory), IClassFixture<PostgresAppFixture>;

/// <summary>The image path end to end over real HTTP: upload, protect on the Hangfire server, download, verify.</summary>
public abstract class ImagePathTests(ProtectAppFactory factory)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Upload_is_protected_by_a_job_and_the_protected_copy_verifies_after_jpeg_recompression()
    {
        var (client, _) = await factory.CreateUserClientAsync();
        var original = await File.ReadAllBytesAsync(TestEnvironment.TestData("images", "kodak", "kodim23.png"));

        var accepted = await (await client.UploadAsync("/api/v1/assets", original, "kodim23.png")).JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("image", accepted.GetProperty("kind").GetString());
        Assert.Equal("queued", accepted.GetProperty("status").GetString());
        Assert.Equal("kodim23.png", accepted.GetProperty("fileName").GetString());
        var id = accepted.GetProperty("id").GetGuid();

        var asset = await client.WaitForStatusAsync($"/api/v1/assets/{id}", JobTimeout);
        Assert.Equal("protected", asset.GetProperty("status").GetString());
        Assert.Equal(100, asset.GetProperty("progress").GetInt32());
        Assert.True(asset.GetProperty("metrics").GetProperty("psnr").GetDouble() >= 40, asset.ToString());
        Assert.InRange(asset.GetProperty("metrics").GetProperty("ssim").GetDouble(), 0.9, 1.0);
        var watermarkId = asset.GetProperty("watermarkId").GetString()!;
        Assert.Matches("^[0-9a-f]{16}$", watermarkId);

        var protectedResponse = await client.GetAsync($"/api/v1/assets/{id}/protected");
        Assert.Equal(HttpStatusCode.OK, protectedResponse.StatusCode);
        Assert.Equal("image/png", protectedResponse.Content.Headers.ContentType?.MediaType);
        var protectedBytes = await protectedResponse.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(original, protectedBytes);
        Assert.Equal(original, await client.GetByteArrayAsync($"/api/v1/assets/{id}/original"));

        // A suspect copy: the protected image shared as a JPEG at quality 75.
        using var image = Image.Load<Rgba32>(protectedBytes);
        using var jpeg = new MemoryStream();
        await image.SaveAsJpegAsync(jpeg, new JpegEncoder { Quality = 75 });
        var verification = await VerifyAsync(client, jpeg.ToArray(), "suspect.jpg");
        Assert.True(verification.GetProperty("detected").GetBoolean(), verification.ToString());
        Assert.Equal(watermarkId, verification.GetProperty("watermarkId").GetString());
        Assert.Equal(id, verification.GetProperty("assetId").GetGuid());
        Assert.Equal("you", verification.GetProperty("owner").GetString());
        Assert.True(verification.GetProperty("falseMatchProbability").GetDouble() < 1e-6);
        Assert.InRange(verification.GetProperty("confidence").GetDouble(), 0.5, 1.0);

        var list = await (await client.GetAsync("/api/v1/assets?page=1&pageSize=10")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Unmarked_original_is_not_detected_and_another_owner_sees_only_that_it_is_protected()
    {
        var (owner, _) = await factory.CreateUserClientAsync();
        var (stranger, _) = await factory.CreateUserClientAsync();
        var original = await File.ReadAllBytesAsync(TestEnvironment.TestData("images", "kodak", "kodim05.png"));

        var unmarked = await VerifyAsync(stranger, original, "kodim05.png");
        Assert.False(unmarked.GetProperty("detected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, unmarked.GetProperty("watermarkId").ValueKind);

        var id = (await (await owner.UploadAsync("/api/v1/assets", original, "kodim05.png")).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        await owner.WaitForStatusAsync($"/api/v1/assets/{id}", JobTimeout);
        var protectedBytes = await owner.GetByteArrayAsync($"/api/v1/assets/{id}/protected");

        var seenByStranger = await VerifyAsync(stranger, protectedBytes, "found-online.png");
        Assert.True(seenByStranger.GetProperty("detected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seenByStranger.GetProperty("assetId").ValueKind);
        Assert.Equal("another registered owner", seenByStranger.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task A_second_user_gets_404_on_every_route_of_the_first()
    {
        var (owner, _) = await factory.CreateUserClientAsync();
        var (other, _) = await factory.CreateUserClientAsync();
        var png = await File.ReadAllBytesAsync(TestEnvironment.TestData("images", "kodak", "kodim03.png"));
        var id = (await (await owner.UploadAsync("/api/v1/assets", png, "kodim03.png")).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        await owner.WaitForStatusAsync($"/api/v1/assets/{id}", JobTimeout);
        var verificationId = (await (await owner.UploadAsync("/api/v1/verifications", png, "check.png")).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        // Let the job finish: it stores tamper images, which would otherwise land during later tests of this class.
        await owner.WaitForStatusAsync($"/api/v1/verifications/{verificationId}", JobTimeout);

        foreach (var route in new[] { $"/api/v1/assets/{id}", $"/api/v1/assets/{id}/original", $"/api/v1/assets/{id}/protected", $"/api/v1/assets/{id}/difference", $"/api/v1/verifications/{verificationId}" })
        {
            await (await other.GetAsync(route)).ProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(route)).StatusCode);
        }
        var othersList = await (await other.GetAsync("/api/v1/assets")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(othersList.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
    }

    [Theory]
    [InlineData("truncated.jpg")]
    [InlineData("text.png")]
    [InlineData("empty.png")]
    [InlineData("huge-header.png")]
    public async Task Bad_files_get_400_problem_details_and_nothing_is_stored(string name)
    {
        var (client, _) = await factory.CreateUserClientAsync();
        var bytes = name switch
        {
            "truncated.jpg" => BadFiles.TruncatedJpeg(),
            "text.png" => BadFiles.TextRenamedPng(),
            "empty.png" => [],
            _ => BadFiles.HugePngHeader(),
        };
        var blobsBefore = BlobCount();

        var problem = await (await client.UploadAsync("/api/v1/assets", bytes, name)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        await (await client.UploadAsync("/api/v1/verifications", bytes, name)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(blobsBefore, BlobCount());
        Assert.Equal(0, (await (await client.GetAsync("/api/v1/assets")).JsonAsync(HttpStatusCode.OK)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Over_the_size_limit_is_413_and_nothing_is_stored()
    {
        var (client, _) = await factory.CreateUserClientAsync();
        var blobsBefore = BlobCount();
        var tooBig = new byte[ProtectAppFactory.UploadLimitBytes + 10];
        await (await client.UploadAsync("/api/v1/assets", tooBig, "big.png")).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        // Past the form reader's own limit (upload limit + 1 MB of multipart framing) it is still 413, not 400.
        var wayTooBig = new byte[ProtectAppFactory.UploadLimitBytes + 2 * 1024 * 1024];
        await (await client.UploadAsync("/api/v1/assets", wayTooBig, "huge.png")).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(blobsBefore, BlobCount());
    }

    [Fact]
    public async Task Without_a_valid_key_the_api_answers_401_problem_details()
    {
        using var anonymous = factory.CreateClient();
        await (await anonymous.GetAsync("/api/v1/assets")).ProblemAsync(HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "pk_" + new string('0', 64));
        await (await anonymous.GetAsync("/api/v1/assets")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.UploadAsync("/api/v1/assets", [1, 2, 3], "x.png")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_routes()
    {
        using var anonymous = factory.CreateClient();
        var doc = await (await anonymous.GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK);
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/assets", out _));
        Assert.True(paths.TryGetProperty("/api/v1/verifications/{id}", out _));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/scalar/v1")).StatusCode);
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient client, byte[] bytes, string name)
    {
        var id = (await (await client.UploadAsync("/api/v1/verifications", bytes, name)).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        var result = await client.WaitForStatusAsync($"/api/v1/verifications/{id}", JobTimeout);
        Assert.Equal("completed", result.GetProperty("status").GetString());
        return result;
    }

    private int BlobCount() =>
        Directory.Exists(factory.BlobDirectory) ? Directory.EnumerateFiles(factory.BlobDirectory, "*", SearchOption.AllDirectories).Count() : 0;
}
