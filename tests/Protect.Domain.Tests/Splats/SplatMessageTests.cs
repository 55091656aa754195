using Protect.Domain.Assets;
using Protect.Domain.Keys;
using Protect.Domain.Splats;
using Protect.Domain.Splats.Rendering;
using Protect.Domain.Splats.Watermarking;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace Protect.Domain.Tests.Splats;

public class SplatMessageTests(ITestOutputHelper output)
{
    private static readonly WatermarkKey Key = WatermarkKey.FromBytes(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly WatermarkId Id = new(0x0123456789abcdefUL);
    private const string Text = "© 2026 Studio Nord — licensed to ACME for the trailer only. Ref #4711 ✓";

    internal static Image<Rgb24> TestImage()
    {
        var image = Image.Load<Rgb24>(TestData.Path("images", "kodak", "kodim23.png"));
        image.Mutate(x => x.Resize(64, 64));
        return image;
    }

    private static readonly Lazy<(GaussianScene Scene, SplatMessageEmbedResult Result)> Marked = new(() =>
    {
        var s = SplatScenes.Guitar.Clone();
        new SplatWatermarkEngine().Embed(s, Key, Id);
        using var image = TestImage();
        var result = new SplatMessageLayer().Embed(s, Key, Text, image);
        return (s, result);
    });

    public static TheoryData<string> Attacks => ["none", "shuffle", "prune", "opaque", "f16", "noise"];

    private static GaussianScene Attack(GaussianScene m, string attack) => attack switch
    {
        "shuffle" => SplatAttacks.Shuffle(m, 1),
        "prune" => SplatAttacks.RemoveRandom(m, 0.3, 2),
        "opaque" => SplatAttacks.RemoveLeastOpaque(m, 0.3),
        "f16" => SplatAttacks.Float16(m),
        "noise" => SplatAttacks.Noise(m, 0.01, 3),
        _ => m,
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void The_text_survives_and_the_image_survives_lossless_edits(string attack)
    {
        var (m, result) = Marked.Value;
        output.WriteLine(result.ToString());
        using var message = new SplatMessageLayer().Extract(Attack(m, attack), Key);
        Assert.Equal(Text, message.Text);
        if (attack is "none" or "shuffle" or "f16")
        {
            Assert.NotNull(message.Image);
            using var original = TestImage();
            var psnr = Psnr(original, message.Image);
            output.WriteLine($"{attack}: image {psnr:F1} dB");
            Assert.True(psnr >= 40, $"image PSNR {psnr:F1} dB");
        }
        Assert.Equal(Id, new SplatWatermarkEngine().Detect(Attack(m, attack), Key).WatermarkId);
    }

    [Fact]
    public void A_wrong_key_or_an_unmarked_scene_reads_nothing()
    {
        using var wrong = new SplatMessageLayer().Extract(Marked.Value.Scene, WatermarkKey.Generate());
        Assert.Null(wrong.Text);
        Assert.Null(wrong.Image);
        using var none = new SplatMessageLayer().Extract(SplatScenes.Guitar, Key);
        Assert.Null(none.Text);
        Assert.Null(none.Image);
    }

    [Fact]
    public void The_message_keeps_render_fidelity_above_45_dB()
    {
        var fidelity = RenderComparison.Compare(SplatScenes.Guitar, Marked.Value.Scene);
        output.WriteLine(fidelity.ToString());
        Assert.True(fidelity.MeanPsnr >= 45, fidelity.ToString());
    }

    [Fact]
    public void A_full_kilobyte_of_text_fits_the_smaller_scene_and_survives_pruning_and_float16()
    {
        // 1 KB needs fine cells: exact when intact, pruned or float16; not guaranteed under 1% noise (~256 bytes are).
        var text = string.Concat(Enumerable.Range(0, 128).Select(i => $"line{i % 1000:D3}\n"));
        Assert.Equal(SplatMessageLayer.MaxTextBytes, System.Text.Encoding.UTF8.GetByteCount(text));
        var m = SplatScenes.Guitar.Clone();
        new SplatMessageLayer().Embed(m, Key, text, null);
        foreach (var attacked in new[] { m, SplatAttacks.Shuffle(m, 4), SplatAttacks.RemoveRandom(m, 0.3, 5), SplatAttacks.Float16(m) })
        {
            using var message = new SplatMessageLayer().Extract(attacked, Key);
            Assert.Equal(text, message.Text);
            Assert.Null(message.Image);
        }
    }

    [Fact]
    public void Too_much_for_a_small_scene_is_a_clear_error()
    {
        var small = SplatScenes.Random(2000, 0);
        using var image = TestImage();
        Assert.Throws<InvalidOperationException>(() => new SplatMessageLayer().Embed(small, Key, null, image));
        Assert.Throws<InvalidOperationException>(() => new SplatMessageLayer().Embed(small, Key, new string('x', 1000), null));
        Assert.Throws<ArgumentException>(() => new SplatMessageLayer().Embed(small, Key, new string('x', 1025), null));
    }

    internal static double Psnr(Image<Rgb24> a, Image<Rgb24> b)
    {
        if (a.Width != b.Width || a.Height != b.Height) return 0;
        double se = 0;
        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
            {
                var p = a[x, y];
                var q = b[x, y];
                se += (p.R - q.R) * (p.R - q.R) + (p.G - q.G) * (p.G - q.G) + (p.B - q.B) * (p.B - q.B);
            }
        var mse = se / (a.Width * a.Height * 3.0);
        return mse <= 0 ? 100 : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
