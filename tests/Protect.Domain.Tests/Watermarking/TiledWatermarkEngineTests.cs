using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Imaging.Watermarking.Tiled;

namespace Protect.Domain.Tests.Watermarking;

/// <summary>
/// The experimental tiled engine (benchmark only, not production): a clean round trip, its 40-bit check and that a
/// wrong key reads nothing. Its robustness rates live in docs/benchmarks/image-watermark.md, not here.
/// </summary>
public class TiledWatermarkEngineTests
{
    private static readonly TiledWatermarkEngine Engine = new();

    [Theory]
    [InlineData(3)]
    [InlineData(19)]
    public void Kodak_image_round_trips_and_a_wrong_key_reads_nothing(int number)
    {
        var key = Images.Key("tiled");
        var payload = Images.Payload(number);
        using var original = Images.Kodak(number);
        using var marked = original.Clone();

        var report = Engine.Embed(marked, key, payload);

        Assert.True(ImageQuality.Psnr(original, marked) >= 40.5, $"PSNR {ImageQuality.Psnr(original, marked):F2} dB");
        var result = Engine.Detect(marked, key);
        Assert.True(result.Detected, $"kodim{number:00} not detected");
        Assert.Equal(payload, result.Payload);
        Assert.InRange(result.FalseMatchProbability, 0, 1e-9);
        Assert.Equal(ConvolutionalCode.CodedLength(PayloadCodec.PayloadBits + TiledWatermarkEngine.CheckBits), report.CodedBits);
        Assert.NotNull(result.Geometry);

        var wrong = Engine.Detect(marked, Images.Key("tiled, another key"));
        Assert.False(wrong.Detected);
        Assert.Null(wrong.Payload);
        Assert.Null(wrong.Geometry);
    }

    [Fact]
    public void The_40_bit_check_is_the_production_hmac_truncated_later()
    {
        var checkKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var bits = PayloadCodec.ToBits(77, checkKey, TiledWatermarkEngine.CheckBits);

        Assert.Equal(104, bits.Length);
        Assert.Equal(PayloadCodec.ToBits(77, checkKey), bits[..PayloadCodec.InfoBits]); // same payload bits, same first 32 check bits
        Assert.True(PayloadCodec.TryReadBits(bits, checkKey, TiledWatermarkEngine.CheckBits, out var payload));
        Assert.Equal(77UL, payload);
        bits[^1] ^= 1;
        Assert.False(PayloadCodec.TryReadBits(bits, checkKey, TiledWatermarkEngine.CheckBits, out _));
        Assert.Equal(Math.Pow(2, -40), TiledWatermarkEngine.FalseMatchProbability);
    }
}
