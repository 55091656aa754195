using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Protect.Integration.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Integration.Tests.Api;

public sealed class SqliteAttributionPathTests(SqliteAppFixture fixture) : AttributionPathTests(fixture.Factory), IClassFixture<SqliteAppFixture>;

/// <summary>
/// Attribution and the near-duplicate catalog over real HTTP: register generators, upload samples, train a model
/// version on the ml queue (TorchSharp), attribute an image it never saw, and find a protected work by its hash.
/// </summary>
public abstract class AttributionPathTests(ProtectAppFactory factory)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan TrainingTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Generators_are_trained_incrementally_and_attribute_unseen_images()
    {
        var (client, _) = await factory.CreateUserClientAsync();
        await (await client.PostAsJsonAsync("/api/v1/generators", new { name = "  " })).ProblemAsync(HttpStatusCode.BadRequest);
        var blocky = await RegisterAsync(client, "blocky upsampler");
        var smooth = await RegisterAsync(client, "smooth denoiser");
        await (await client.PostAsJsonAsync("/api/v1/generators", new { name = "blocky upsampler" })).ProblemAsync(HttpStatusCode.BadRequest);

        // Too few samples: training is refused with a reason.
        await AddSamplesAsync(client, blocky, SampleSet.Blocky, count: 5);
        var refused = await (await client.PostAsync("/api/v1/generators/training", null)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("20", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await AddSamplesAsync(client, blocky, SampleSet.Blocky, count: 20, skip: 5);
        await AddSamplesAsync(client, smooth, SampleSet.Smooth, count: 25);
        var queued = await (await client.PostAsync("/api/v1/generators/training", null)).JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(1, queued.GetProperty("version").GetInt32());
        var model = await WaitForModelAsync(client, queued.GetProperty("id").GetGuid());
        Assert.Equal("ready", model.GetProperty("status").GetString());
        Assert.Equal(2, model.GetProperty("classes").GetArrayLength());

        // An image neither class was trained on, made by the blocky generator from a photo no sample came from.
        var prediction = await AttributeAsync(client, SampleSet.Render(SampleSet.Blocky, "kodim24.png", 0), "unseen.png");
        Assert.Equal("blocky upsampler", prediction.GetProperty("generator").GetString());
        Assert.Equal(1, prediction.GetProperty("modelVersion").GetInt32());
        var probabilities = prediction.GetProperty("probabilities").EnumerateArray().ToList();
        Assert.Equal("blocky upsampler", probabilities[0].GetProperty("generator").GetString());
        Assert.InRange(probabilities.Sum(p => p.GetProperty("probability").GetDouble()), 0.98, 1.02);

        var overview = await (await client.GetAsync("/api/v1/generators")).JsonAsync(HttpStatusCode.OK);
        Assert.All(overview.GetProperty("generators").EnumerateArray(), g => Assert.Equal(1, g.GetProperty("inModelVersion").GetInt32()));

        // Nothing new to learn: a second run is refused; another user sees none of it.
        await (await client.PostAsync("/api/v1/generators/training", null)).ProblemAsync(HttpStatusCode.BadRequest);
        var (other, _) = await factory.CreateUserClientAsync();
        await (await other.GetAsync($"/api/v1/generators/models/{queued.GetProperty("id").GetGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await other.UploadAsync("/api/v1/attributions", SampleSet.Render(SampleSet.Smooth, "kodim24.png", 0), "x.png")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_copy_without_a_readable_mark_is_found_in_the_owners_catalog()
    {
        var (client, _) = await factory.CreateUserClientAsync();
        var original = await File.ReadAllBytesAsync(TestEnvironment.TestData("images", "kodak", "kodim19.png"));
        var id = (await (await client.UploadAsync("/api/v1/assets", original, "kodim19.png")).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        await client.WaitForStatusAsync($"/api/v1/assets/{id}", JobTimeout);

        // The unmarked original, flipped: no watermark to read, but the perceptual hash still matches.
        using var image = Image.Load<Rgba32>(original);
        image.Mutate(x => x.Flip(FlipMode.Horizontal));
        using var suspect = new MemoryStream();
        await image.SaveAsPngAsync(suspect);
        var verificationId = (await (await client.UploadAsync("/api/v1/verifications", suspect.ToArray(), "mirrored.png")).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        var verification = await client.WaitForStatusAsync($"/api/v1/verifications/{verificationId}", JobTimeout);
        Assert.False(verification.GetProperty("detected").GetBoolean());
        var match = Assert.Single(verification.GetProperty("catalogMatches").EnumerateArray());
        Assert.Equal(id, match.GetProperty("assetId").GetGuid());
        Assert.InRange(match.GetProperty("distance").GetInt32(), 0, 31);

        // A stranger's verification of the same file searches only the stranger's (empty) catalog.
        var (stranger, _) = await factory.CreateUserClientAsync();
        var strangerId = (await (await stranger.UploadAsync("/api/v1/verifications", suspect.ToArray(), "mirrored.png")).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        var theirs = await stranger.WaitForStatusAsync($"/api/v1/verifications/{strangerId}", JobTimeout);
        Assert.Empty(theirs.GetProperty("catalogMatches").EnumerateArray());
    }

    private static async Task<Guid> RegisterAsync(HttpClient client, string name)
    {
        var created = await (await client.PostAsJsonAsync("/api/v1/generators", new { name })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(name, created.GetProperty("name").GetString());
        return created.GetProperty("id").GetGuid();
    }

    private static async Task AddSamplesAsync(HttpClient client, Guid generator, Action<IImageProcessingContext> make, int count, int skip = 0)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in SampleSet.Samples(make).Skip(skip).Take(count))
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "files", name);
        }
        var response = await (await client.PostAsync($"/api/v1/generators/{generator}/samples", form)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(skip + count, response.GetProperty("sampleCount").GetInt32());
    }

    private static async Task<JsonElement> WaitForModelAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow + TrainingTimeout;
        while (true)
        {
            var json = await (await client.GetAsync($"/api/v1/generators/models/{id}")).JsonAsync(HttpStatusCode.OK);
            if (json.GetProperty("status").GetString() is not ("queued" or "training")) return json;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"model {id} still training: {json}");
            await Task.Delay(500);
        }
    }

    private static async Task<JsonElement> AttributeAsync(HttpClient client, byte[] image, string name)
    {
        var id = (await (await client.UploadAsync("/api/v1/attributions", image, name)).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        var result = await client.WaitForStatusAsync($"/api/v1/attributions/{id}", JobTimeout);
        Assert.Equal("completed", result.GetProperty("status").GetString());
        return result.GetProperty("prediction");
    }

    /// <summary>
    /// Two "generators" with clearly different fingerprints applied to real photo crops: blocky (4× nearest-neighbour
    /// upsampling) and smooth (strong blur). Training crops come from kodim01–20, the unseen test image from kodim24.
    /// </summary>
    private static class SampleSet
    {
        public static readonly Action<IImageProcessingContext> Blocky = x => x.Resize(32, 32).Resize(128, 128, KnownResamplers.NearestNeighbor);
        public static readonly Action<IImageProcessingContext> Smooth = x => x.GaussianBlur(2.5f);

        public static IEnumerable<(string Name, byte[] Bytes)> Samples(Action<IImageProcessingContext> make)
        {
            for (var i = 1; i <= 20; i++)
                for (var k = 0; k < 2; k++)
                    yield return ($"s{i}-{k}.png", Render(make, $"kodim{i:00}.png", k));
        }

        public static byte[] Render(Action<IImageProcessingContext> make, string photo, int crop)
        {
            using var image = Image.Load<Rgba32>(TestEnvironment.TestData("images", "kodak", photo));
            image.Mutate(x => x.Crop(new Rectangle(64 + 256 * crop, 128, 128, 128)));
            image.Mutate(make);
            using var png = new MemoryStream();
            image.Save(png, new PngEncoder());
            return png.ToArray();
        }
    }
}
