using System.Text.Json;
using Protect.Integration.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Integration.Tests.Cli;

/// <summary>The CLI contract automation relies on: one JSON object on stdout, exit 0, or one stderr line and exit 2.</summary>
public sealed class ImageCliTests : IDisposable
{
    private readonly string _dir = TestEnvironment.NewTempDirectory("protect-cli");
    private readonly string _keyFile;

    public ImageCliTests()
    {
        _keyFile = Path.Combine(_dir, "key.hex");
        File.WriteAllText(_keyFile, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
    }

    [Fact]
    public async Task Embed_then_detect_after_resizing_to_half_returns_the_payload()
    {
        var input = TestEnvironment.TestData("images", "kodak", "kodim08.png");
        var output = Path.Combine(_dir, "marked.png");
        var embed = await CliProcess.RunAsync(_dir, "image", "embed", "--in", input, "--out", output, "--payload", "0123456789abcdef", "--key-file", _keyFile);
        Assert.True(embed.ExitCode == 0, embed.Stderr);
        var embedJson = JsonDocument.Parse(embed.Stdout).RootElement;
        Assert.Equal("0123456789abcdef", embedJson.GetProperty("payload").GetString());
        Assert.True(embedJson.GetProperty("psnr").GetDouble() >= 40);
        Assert.True(embedJson.GetProperty("ssim").GetDouble() > 0.9);

        var resized = Path.Combine(_dir, "resized.png");
        using (var image = Image.Load<Rgba32>(output))
        {
            image.Mutate(c => c.Resize(image.Width / 2, image.Height / 2));
            await image.SaveAsPngAsync(resized);
        }
        var detect = await CliProcess.RunAsync(_dir, "image", "detect", "--in", resized, "--key-file", _keyFile);
        Assert.Equal(0, detect.ExitCode);
        var json = JsonDocument.Parse(detect.Stdout).RootElement;
        Assert.True(json.GetProperty("detected").GetBoolean(), detect.Stdout);
        Assert.Equal("0123456789abcdef", json.GetProperty("payload").GetString());
        Assert.True(json.GetProperty("falseMatchProbability").GetDouble() < 1e-6);
    }

    [Fact]
    public async Task Detect_on_an_unmarked_image_exits_0_and_reports_not_detected()
    {
        var input = TestEnvironment.TestData("images", "kodak", "kodim08.png");
        var detect = await CliProcess.RunAsync(_dir, "image", "detect", "--in", input, "--key-file", _keyFile);
        Assert.Equal(0, detect.ExitCode);
        var json = JsonDocument.Parse(detect.Stdout).RootElement;
        Assert.False(json.GetProperty("detected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("payload").ValueKind);
    }

    [Fact]
    public async Task Without_a_key_file_the_service_key_in_the_data_directory_is_created_and_used()
    {
        var input = TestEnvironment.TestData("images", "kodak", "kodim15.png");
        var output = Path.Combine(_dir, "service.png");
        var embed = await CliProcess.RunAsync(_dir, "image", "embed", "--in", input, "--out", output, "--payload", "ffffffff00000001");
        Assert.Equal(0, embed.ExitCode);
        Assert.Matches("^[0-9a-f]{64}$", File.ReadAllText(Path.Combine(_dir, "data", "keys", "watermark.key")));
        var detect = await CliProcess.RunAsync(_dir, "image", "detect", "--in", output);
        Assert.Equal("ffffffff00000001", JsonDocument.Parse(detect.Stdout).RootElement.GetProperty("payload").GetString());
        var wrongKey = await CliProcess.RunAsync(_dir, "image", "detect", "--in", output, "--key-file", _keyFile);
        Assert.False(JsonDocument.Parse(wrongKey.Stdout).RootElement.GetProperty("detected").GetBoolean());
    }

    [Theory]
    [InlineData("--payload", "xyz")]
    [InlineData("--payload", "0123")]
    [InlineData("--in", "/no/such/file.png")]
    [InlineData("--key-file", "short")]
    public async Task Bad_input_exits_2_with_one_line_on_stderr(string option, string value)
    {
        var args = new Dictionary<string, string>
        {
            ["--in"] = TestEnvironment.TestData("images", "kodak", "kodim01.png"),
            ["--out"] = Path.Combine(_dir, "out.png"),
            ["--payload"] = "0123456789abcdef",
            ["--key-file"] = _keyFile,
        };
        if (option == "--key-file")
        {
            value = Path.Combine(_dir, "short.key");
            File.WriteAllText(value, "abcd");
        }
        args[option] = value;
        var result = await CliProcess.RunAsync(_dir, ["image", "embed", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(_dir, "out.png")));
    }

    [Fact]
    public async Task Text_renamed_png_is_refused_with_exit_2()
    {
        var fake = Path.Combine(_dir, "fake.png");
        await File.WriteAllBytesAsync(fake, BadFiles.TextRenamedPng());
        var result = await CliProcess.RunAsync(_dir, "image", "detect", "--in", fake, "--key-file", _keyFile);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("supported", result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
