using Protect.Domain.Forensics;
using Protect.Domain.Imaging;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Tests.Watermarking;

namespace Protect.Domain.Tests.Forensics;

public class IntegrityLayerTests
{
    [Fact]
    public void The_layer_is_light_and_keeps_the_copyright_mark()
    {
        var key = Images.Key("integrity");
        using var original = Images.Kodak(4);
        using var marked = original.Clone();
        var engine = new ImageWatermarkEngine();
        engine.Embed(marked, key, 7);

        IntegrityLayer.Embed(marked, key);

        Assert.InRange(ImageQuality.Psnr(original, marked), 40.5, 100);
        Assert.Equal(7UL, engine.Detect(marked, key).Payload);
        Assert.InRange(IntegrityReader.Read(LumaPlane.From(marked), key).GlobalScore, 0.95, 1.0);
    }

    [Fact]
    public void The_layer_survives_a_resize_and_is_absent_under_another_key()
    {
        var key = Images.Key("integrity");
        using var image = Images.Kodak(6);
        IntegrityLayer.Embed(image, key);
        using var small = Images.Resize(image, 0.75);

        var reading = IntegrityReader.Read(LumaPlane.From(small), key);
        var other = IntegrityReader.Read(LumaPlane.From(image), Images.Key("other"));

        Assert.Equal(0.75, reading.Scale);
        Assert.InRange(reading.GlobalScore, 0.6, 1.0);
        Assert.InRange(other.GlobalScore, -1, 0.25);
    }
}
