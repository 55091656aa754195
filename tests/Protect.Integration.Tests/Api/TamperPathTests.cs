using System.Net;
using System.Text.Json;
using Protect.Integration.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Integration.Tests.Api;

public sealed class SqliteTamperPathTests(SqliteAppFixture fixture) : TamperPathTests(fixture.Factory), IClassFixture<SqliteAppFixture>;

/// <summary>
/// Explainable verification over HTTP: a protected image with a region pasted in from another photo reads as
/// locally edited, with a region where the paste was, a mask PNG of the suspect's size and an explanation.
/// </summary>
public abstract class TamperPathTests(ProtectAppFactory factory)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);
    private static readonly Rectangle Paste = new(96, 64, 192, 160);

    [Fact]
    public async Task A_pasted_region_is_located_and_explained_and_an_untouched_copy_is_intact()
    {
        var (client, _) = await factory.CreateUserClientAsync();
        var original = await File.ReadAllBytesAsync(TestEnvironment.TestData("images", "kodak", "kodim21.png"));
        var id = (await (await client.UploadAsync("/api/v1/assets", original, "kodim21.png")).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        await client.WaitForStatusAsync($"/api/v1/assets/{id}", JobTimeout);
        var protectedBytes = await client.GetByteArrayAsync($"/api/v1/assets/{id}/protected");

        var untouched = await VerifyAsync(client, protectedBytes, "untouched.png");
        Assert.Equal("intact", untouched.GetProperty("tamper").GetProperty("verdict").GetString());

        using var edited = Image.Load<Rgba32>(protectedBytes);
        using var donor = Image.Load<Rgba32>(TestEnvironment.TestData("images", "kodak", "kodim08.png"));
        donor.Mutate(x => x.Crop(Paste));
        edited.Mutate(x => x.DrawImage(donor, new Point(Paste.X, Paste.Y), 1f));
        using var jpeg = new MemoryStream();
        await edited.SaveAsJpegAsync(jpeg, new JpegEncoder { Quality = 90 });

        var result = await VerifyAsync(client, jpeg.ToArray(), "edited.jpg");
        Assert.True(result.GetProperty("detected").GetBoolean(), result.ToString());
        var tamper = result.GetProperty("tamper");
        Assert.Equal("locally edited", tamper.GetProperty("verdict").GetString());
        Assert.Equal("active", tamper.GetProperty("evidence").GetString());
        var regions = tamper.GetProperty("regions").EnumerateArray().ToList();
        Assert.Contains(regions, r => Overlaps(r, Paste));
        Assert.False(string.IsNullOrWhiteSpace(tamper.GetProperty("explanation").GetString()));

        using var mask = Image.Load<L8>(await client.GetByteArrayAsync(tamper.GetProperty("maskUrl").GetString()));
        Assert.Equal((edited.Width, edited.Height), (mask.Width, mask.Height));
        Assert.Equal(255, mask[Paste.X + (Paste.Width / 2), Paste.Y + (Paste.Height / 2)].PackedValue);
        Assert.Equal(0, mask[edited.Width - 40, edited.Height - 40].PackedValue);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(tamper.GetProperty("overlayUrl").GetString())).StatusCode);
        var heat = tamper.GetProperty("clues").EnumerateArray().First(c => c.GetProperty("heatUrl").ValueKind == JsonValueKind.String);
        Assert.Equal("image/png", (await client.GetAsync(heat.GetProperty("heatUrl").GetString())).Content.Headers.ContentType?.MediaType);

        var (stranger, _) = await factory.CreateUserClientAsync();
        await (await stranger.GetAsync(tamper.GetProperty("maskUrl").GetString())).ProblemAsync(HttpStatusCode.NotFound);
    }

    private static bool Overlaps(JsonElement r, Rectangle truth) => new Rectangle(
        r.GetProperty("x").GetInt32(), r.GetProperty("y").GetInt32(), r.GetProperty("w").GetInt32(), r.GetProperty("h").GetInt32()).IntersectsWith(truth);

    private static async Task<JsonElement> VerifyAsync(HttpClient client, byte[] bytes, string name)
    {
        var id = (await (await client.UploadAsync("/api/v1/verifications", bytes, name)).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        var result = await client.WaitForStatusAsync($"/api/v1/verifications/{id}", JobTimeout);
        Assert.Equal("completed", result.GetProperty("status").GetString());
        return result;
    }
}
