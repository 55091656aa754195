using Protect.Domain.Audio;
using Protect.Domain.Marking;

namespace Protect.Domain.Tests.Media;

public sealed class MarkPrimitivesTests
{
    [Theory]
    [InlineData(0.37, 0)]
    [InlineData(0.37, 1)]
    [InlineData(-5.2, 1)]
    [InlineData(12.01, 0)]
    public void Dither_modulation_shift_lands_on_the_bits_lattice_and_moves_at_most_half_a_step(double projection, int bit)
    {
        const double step = 0.1, dither = 0.033;
        var shift = DitherModulation.Shift(projection, bit, step, dither);
        Assert.InRange(Math.Abs(shift), 0, step / 2 + 1e-12);
        var soft = DitherModulation.Soft(projection + shift, step, dither);
        Assert.Equal(bit == 1 ? 1f : -1f, soft, 4);
        // A quarter step of noise is the decision boundary; less keeps the sign.
        Assert.Equal(bit == 1, DitherModulation.Soft(projection + shift + step / 5, step, dither) > 0);
    }

    [Fact]
    public void Upsampler_reproduces_a_band_limited_tone_at_48_kHz()
    {
        var input = Enumerable.Range(0, 1600).Select(i => (float)Math.Sin(2 * Math.PI * 1000 * i / 16000.0)).ToArray();
        var upsampler = new Upsampler(16000, 48000);
        upsampler.Push(input);
        var output = new float[4800];
        var n = upsampler.Pull(output, final: true);
        Assert.Equal(4800, n);
        for (var i = 100; i < 4700; i++) // away from the edges, where the input simply ends
            Assert.Equal(Math.Sin(2 * Math.PI * 1000 * i / 48000.0), output[i], 2);
    }
}
