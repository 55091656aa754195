using System.Text.Json;
using Protect.Integration.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Integration.Tests.Cli;

/// <summary>`./protect hash`: one JSON object {hash, quality} on stdout, or one stderr line and exit 2.</summary>
public sealed class HashCliTests : IDisposable
{
    private readonly string _dir = TestEnvironment.NewTempDirectory("protect-cli-hash");

    [Fact]
    public async Task A_photo_and_its_half_size_jpeg_copy_hash_within_the_match_distance()
    {
        var input = TestEnvironment.TestData("images", "kodak", "kodim08.png");
        var copy = Path.Combine(_dir, "copy.jpg");
        using (var image = Image.Load<Rgba32>(input))
        {
            image.Mutate(c => c.Resize(image.Width / 2, image.Height / 2));
            await image.SaveAsJpegAsync(copy, new JpegEncoder { Quality = 60 });
        }

        var (hash, quality) = await HashAsync(input);
        var (copyHash, _) = await HashAsync(copy);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.InRange(quality, 50, 100);
        var distance = Enumerable.Range(0, 64).Sum(i =>
            int.PopCount(Convert.ToInt32(hash[i].ToString(), 16) ^ Convert.ToInt32(copyHash[i].ToString(), 16)));
        Assert.InRange(distance, 0, 31);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_exits_2_with_one_line()
    {
        var notImage = Path.Combine(_dir, "notes.png");
        await File.WriteAllTextAsync(notImage, "not an image");
        var result = await CliProcess.RunAsync(_dir, "hash", "--in", notImage);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));

        var missing = await CliProcess.RunAsync(_dir, "hash");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--in", missing.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(string Hash, int Quality)> HashAsync(string path)
    {
        var result = await CliProcess.RunAsync(_dir, "hash", "--in", path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        return (json.GetProperty("hash").GetString()!, json.GetProperty("quality").GetInt32());
    }
}
