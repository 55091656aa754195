using Protect.Domain.Imaging.Watermarking;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Domain.Tests.Watermarking;

public class GridTests
{
    [Fact]
    public void A_flat_image_samples_to_its_luma()
    {
        using var image = new Image<Rgba32>(300, 200, new Rgba32(200, 100, 50, 255));

        var grid = LumaGrid.Sample(image, 64);

        Assert.All(grid, v => Assert.Equal((0.299 * 200) + (0.587 * 100) + (0.114 * 50), v, 3));
    }

    [Fact]
    public void Halving_a_grid_equals_sampling_at_half_size()
    {
        using var source = Images.Kodak(7);
        using var image = source.Clone(c => c.Resize(333, 257)); // cells straddle pixels

        var halved = LumaGrid.Halve(LumaGrid.Sample(image, 128), 128);
        var direct = LumaGrid.Sample(image, 64);

        for (var i = 0; i < direct.Length; i++)
            Assert.True(Math.Abs(direct[i] - halved[i]) < 1e-3, $"cell {i}: {direct[i]} vs {halved[i]}");
    }

    [Fact]
    public void Split_weights_cover_every_cell_exactly()
    {
        var (cell, weight) = LumaGrid.SplitWeights(333, 128);
        var area = new double[128];
        for (var x = 0; x < cell.Length; x++)
        {
            area[cell[x]] += weight[x];
            if (weight[x] < 1)
                area[cell[x] + 1] += 1 - weight[x];
        }
        Assert.All(area, a => Assert.Equal(333.0 / 128, a, 4));
    }

    [Theory]
    [InlineData(64, 64, 1.0, 0.0)]
    [InlineData(4096, 64, 0.75, 0.125)]
    public void Drawing_and_sampling_back_blurs_as_modelled(int length, int grid, double centre, double side)
    {
        var (c, s) = PatternRenderer.SampledKernel(length, grid);

        Assert.Equal(centre, c, 2);
        Assert.Equal(side, s, 2);
        Assert.Equal(1.0, c + (2 * s), 4); // drawing neither adds nor loses mark
    }

    [Fact]
    public void High_pass_removes_a_smooth_host_and_keeps_a_chip_pattern()
    {
        const int size = 32;
        var ramp = Enumerable.Range(0, size * size).Select(i => (float)((i % size) + (i / size))).ToArray();
        var random = new Random(11);
        var chips = Enumerable.Range(0, size * size).Select(_ => random.Next(2) == 0 ? 1f : -1f).ToArray();

        var rampOut = GridFilters.HighPass(ramp, size);
        var chipOut = GridFilters.HighPass(chips, size);

        var interior = Enumerable.Range(0, size * size).Where(i => i % size is > 0 and < size - 1 && i / size is > 0 and < size - 1);
        Assert.All(interior, i => Assert.Equal(0, rampOut[i], 3));
        Assert.True(chipOut.Zip(chips, (o, c) => o * c).Average() > 0.7);
    }

    [Fact]
    public void Mask_has_unit_rms_and_favours_texture()
    {
        const int size = 128;
        var random = new Random(3);
        var luma = Enumerable.Range(0, size * size)
            .Select(i => (i % size) < size / 2 ? 100f : 100f + (float)(random.NextDouble() * 60)).ToArray();

        var mask = GridFilters.PerceptualMask(luma, size);

        Assert.Equal(1.0, Math.Sqrt(mask.Average(m => m * m)), 3);
        Assert.True(mask[(size * 64) + 100] > 1.5 * mask[(size * 64) + 20]);
        Assert.All(GridFilters.PerceptualMask(luma.AsSpan(0, 64 * 64), 64), m => Assert.Equal(1f, m)); // smallest grid
    }

    [Fact]
    public void Informed_gains_spend_the_budget_on_bits_the_host_works_against()
    {
        var host = new float[] { 0, 0, -1, 1, 0, 0 };
        var response = new float[] { 1, 1, 1, 1, 1, 1 };

        var gains = InformedEmbedding.Gains(host, response);

        Assert.Equal(1.0, gains.Average(g => g * g), 4);
        Assert.True(gains[2] > gains[0] && gains[0] > gains[3]);
        Assert.All(InformedEmbedding.Gains(new float[6], response), g => Assert.Equal(1f, g, 4));
    }
}
