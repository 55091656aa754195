using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Protect.Browser.Tests;

/// <summary>
/// Screenshots of every page at desktop and phone widths for a human to look over, taken only when
/// PROTECT_SCREENSHOTS names a directory. Runs after the main test, with its signed-in browser context.
/// </summary>
internal static class PortalTour
{
    private static readonly (string Name, ViewportSize Size)[] Viewports =
        [("desktop", new() { Width = 1280, Height = 900 }), ("phone", new() { Width = 390, Height = 844 })];

    public static async Task CaptureAsync(IBrowser browser, Uri baseAddress, IBrowserContext signedIn, string assetUrl, string directory)
    {
        Directory.CreateDirectory(directory);
        var page = await signedIn.NewPageAsync();
        await page.GotoAsync("/verify");
        await PortalTests.WaitUntilInteractiveAsync(page);
        await page.GetByTestId("dropzone-input").SetInputFilesAsync(new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "not pixels"u8.ToArray() });
        await Expect(page.GetByTestId("upload-error")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "verify-refused-desktop.png") });
        await page.GetByTestId("dropzone-input").SetInputFilesAsync(PortalTests.TestData("images", "kodak", "kodim01.png"));
        await Expect(page.GetByTestId("verification-status")).ToHaveTextAsync("completed", new() { Timeout = 90_000 });

        await page.GotoAsync("/apikeys");
        await PortalTests.WaitUntilInteractiveAsync(page);
        await page.GetByTestId("key-name").FillAsync("Build server");
        await page.GetByTestId("create-key").ClickAsync();
        await Expect(page.GetByTestId("secret-value")).ToBeVisibleAsync();

        foreach (var (name, size) in Viewports)
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"apikeys-{name}.png"), FullPage = true });
        }
        foreach (var (name, size) in Viewports)
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
            foreach (var (shot, url) in new[] { ("assets", "/"), ("asset", assetUrl), ("verify", "/verify") })
            {
                await page.GotoAsync(url);
                await PortalTests.WaitUntilInteractiveAsync(page);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{shot}-{name}.png"), FullPage = true });
            }
        }

        await using var anonymous = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString() });
        var visitor = await anonymous.NewPageAsync();
        foreach (var (name, size) in Viewports)
        {
            await visitor.SetViewportSizeAsync(size.Width, size.Height);
            foreach (var shot in new[] { "login", "register" })
            {
                await visitor.GotoAsync($"/account/{shot}{(shot == "login" ? "?error=Wrong%20email%20or%20password." : "")}");
                await visitor.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{shot}-{name}.png"), FullPage = true });
            }
        }
    }
}
