using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Protect.Browser.Tests;

/// <summary>
/// The portal end to end in a real browser against the real app: sign up, upload, watch the asset get protected,
/// open it and read its quality numbers.
/// </summary>
public sealed partial class PortalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan ProtectTimeout = TimeSpan.FromSeconds(90);
    private PortalServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        (_playwright, _browser) = await LaunchChromiumAsync();
    }

    /// <summary>The system Chromium; Playwright must never try to download its own.</summary>
    internal static async Task<(IPlaywright, IBrowser)> LaunchChromiumAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            Headless = true,
            ExecutablePath = Environment.GetEnvironmentVariable("PROTECT_TEST_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>Anonymous visitors are sent to sign in, and from there to sign up; ends on the interactive assets page.</summary>
    internal static async Task SignUpAsync(IPage page, string email)
    {
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        // Blazor swaps the page in place (enhanced navigation): wait for the new form before typing into it.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create your account" })).ToBeVisibleAsync();
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync("correct horse battery");
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your assets" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("user-email")).ToHaveTextAsync(email);
        await WaitUntilInteractiveAsync(page);
    }

    [Fact]
    public async Task Sign_up_upload_an_image_and_see_it_protected_with_its_quality()
    {
        var server = _server!;
        await using var context = await _browser!.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") output.WriteLine("[browser] " + m.Text); };
        page.PageError += (_, e) => output.WriteLine("[page error] " + e);
        page.Response += (_, r) => { if (r.Status >= 400) output.WriteLine($"[http {r.Status}] {r.Url}"); };
        try
        {
            await SignUpAsync(page, $"owner-{Guid.NewGuid():N}@example.test");

            await page.GetByTestId("dropzone-input").SetInputFilesAsync(TestData("images", "kodak", "kodim01.png"));
            var card = page.GetByTestId("asset-card").Filter(new() { HasText = "kodim01.png" });
            var uploadError = page.GetByTestId("upload-error");
            await Expect(card.Or(uploadError)).ToBeVisibleAsync(new() { Timeout = 30_000 });
            if (await uploadError.CountAsync() > 0) Assert.Fail("The upload was refused: " + await uploadError.InnerTextAsync());
            await Expect(card.GetByTestId("asset-status")).ToHaveTextAsync("protected", new() { Timeout = (float)ProtectTimeout.TotalMilliseconds });

            // A file that is not an image is refused, with the reason shown next to it, and nothing is stored.
            await page.GetByTestId("dropzone-input").SetInputFilesAsync(new FilePayload
            {
                Name = "notes.png", MimeType = "image/png", Buffer = "these are not pixels"u8.ToArray(),
            });
            await Expect(uploadError).ToContainTextAsync("Unreadable or unsupported file: The file is not an image");
            await Expect(page.GetByTestId("asset-card")).ToHaveCountAsync(1);

            await card.GetByTestId("asset-link").ClickAsync();
            await Expect(page).ToHaveURLAsync(AssetUrl());
            await Expect(page.GetByTestId("asset-status")).ToHaveTextAsync("protected");
            var psnr = page.GetByTestId("psnr");
            await Expect(psnr).ToHaveTextAsync(DecimalNumber());
            var decibels = double.Parse(await psnr.InnerTextAsync(), CultureInfo.InvariantCulture);
            Assert.InRange(decibels, 20, 100);
            await Expect(page.GetByTestId("ssim")).ToHaveTextAsync(DecimalNumber());
            await Expect(page.GetByTestId("watermark-id")).Not.ToBeEmptyAsync();
            await Expect(page.GetByTestId("protected-image")).ToBeVisibleAsync();
            var assetUrl = page.Url;

            // Someone else's (or a made-up) asset reads as not found.
            await page.GotoAsync($"/assets/{Guid.NewGuid()}");
            await Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();

            if (Environment.GetEnvironmentVariable("PROTECT_SCREENSHOTS") is { Length: > 0 } tourDirectory)
                await PortalTour.CaptureAsync(_browser, server.BaseAddress, context, assetUrl, tourDirectory);

            // The page was loaded afresh: let the circuit attach first, or the click can land mid-swap and be lost.
            await WaitUntilInteractiveAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(LoginUrl(), new() { Timeout = 30_000 });
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign up" })).ToBeVisibleAsync();
        }
        catch
        {
            await SaveFailureAsync(page, server);
            throw;
        }
    }

    /// <summary>The layout marks the page once the Blazor circuit is live; before that, inputs are not wired up.</summary>
    internal static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive]").WaitForAsync(new() { Timeout = 30_000 });

    private async Task SaveFailureAsync(IPage page, PortalServer server)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"portal-failure-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
        try
        {
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            output.WriteLine($"Screenshot of the failing page ({page.Url}): {path}");
        }
        catch (PlaywrightException ex)
        {
            output.WriteLine("No screenshot: " + ex.Message);
        }
        output.WriteLine("Server output:" + Environment.NewLine + server.Output);
    }

    /// <summary>Finds shared/testdata beside the repository (or beside any parent directory).</summary>
    internal static string TestData(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "testdata"), Path.Combine(dir.FullName, "..", "shared", "testdata") })
                if (Directory.Exists(candidate)) return Path.GetFullPath(Path.Combine([candidate, .. parts]));
        }
        throw new DirectoryNotFoundException("shared/testdata not found beside the repository.");
    }

    [GeneratedRegex(@"/assets/[0-9a-f-]{36}$")]
    private static partial Regex AssetUrl();

    [GeneratedRegex(@"/account/login(\?|$)")]
    private static partial Regex LoginUrl();

    [GeneratedRegex(@"^\d+(\.\d+)?$")]
    private static partial Regex DecimalNumber();

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}
