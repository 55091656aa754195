using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Protect.Browser.Tests;

/// <summary>
/// The Generators page in a real browser: register two generators, drop their samples, train a model version
/// and watch its progress, then attribute an image neither saw and read the probabilities.
/// </summary>
public sealed class GeneratorsPortalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const float TrainingTimeoutMs = 6 * 60 * 1000;
    private PortalServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        (_playwright, _browser) = await PortalTests.LaunchChromiumAsync();
    }

    [Fact]
    public async Task An_owner_adds_generators_trains_a_model_and_sees_a_prediction_with_probabilities()
    {
        await using var context = await _browser!.NewContextAsync(new() { BaseURL = _server!.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.PageError += (_, e) => output.WriteLine("[page error] " + e);
        try
        {
            await PortalTests.SignUpAsync(page, $"maker-{Guid.NewGuid():N}@example.test");
            await page.GetByRole(AriaRole.Link, new() { Name = "Generators" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Generators", Exact = true })).ToBeVisibleAsync();
            await PortalTests.WaitUntilInteractiveAsync(page);

            await AddGeneratorAsync(page, "blocky upsampler", Blocky);
            await AddGeneratorAsync(page, "smooth denoiser", Smooth);

            await page.GetByTestId("train-model").ClickAsync();
            await Expect(page.GetByTestId("model-status")).ToHaveTextAsync("ready", new() { Timeout = TrainingTimeoutMs });
            await Expect(page.GetByTestId("generator-accuracy")).ToHaveCountAsync(2);

            await page.GetByTestId("dropzone-input").Last.SetInputFilesAsync(Sample("unseen.png", Blocky, "kodim24.png", 0));
            await Expect(page.GetByTestId("attribution-verdict")).ToContainTextAsync("blocky upsampler", new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("attribution-probabilities").Locator("li")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("attribution-probabilities").Locator("li").First).ToContainTextAsync("blocky upsampler");
        }
        catch
        {
            output.WriteLine("Server output:" + Environment.NewLine + _server.Output);
            throw;
        }
    }

    private static async Task AddGeneratorAsync(IPage page, string name, Action<IImageProcessingContext> make)
    {
        await page.GetByTestId("generator-name").FillAsync(name);
        await page.GetByTestId("register-generator").ClickAsync();
        var row = page.GetByTestId("generator-row").Filter(new() { HasText = name });
        await Expect(row).ToBeVisibleAsync();
        // The new generator is selected: its sample drop zone is the first on the page.
        var samples = Enumerable.Range(1, 12).SelectMany(i => new[] { Sample($"{i}a.png", make, $"kodim{i:00}.png", 0), Sample($"{i}b.png", make, $"kodim{i:00}.png", 1) }).ToArray();
        await page.GetByTestId("dropzone-input").First.SetInputFilesAsync(samples);
        await Expect(row.GetByTestId("generator-samples")).ToHaveTextAsync("24 / 20 samples", new() { Timeout = 60_000 });
    }

    private static readonly Action<IImageProcessingContext> Blocky = x => x.Resize(32, 32).Resize(128, 128, KnownResamplers.NearestNeighbor);
    private static readonly Action<IImageProcessingContext> Smooth = x => x.GaussianBlur(2.5f);

    /// <summary>A 128×128 crop of a real photo passed through a "generator" with a clear fingerprint.</summary>
    private static FilePayload Sample(string name, Action<IImageProcessingContext> make, string photo, int crop)
    {
        using var image = Image.Load<Rgba32>(PortalTests.TestData("images", "kodak", photo));
        image.Mutate(x => x.Crop(new Rectangle(64 + 256 * crop, 128, 128, 128)));
        image.Mutate(make);
        using var png = new MemoryStream();
        image.SaveAsPng(png);
        return new FilePayload { Name = name, MimeType = "image/png", Buffer = png.ToArray() };
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}
