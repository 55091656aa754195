using System.IO.Compression;
using System.Text;
using Protect.Domain.Errors;
using Protect.Domain.Splats;

namespace Protect.Domain.Tests.Splats;

public class SplatFormatTests
{
    [Theory]
    [InlineData("biker.compressed.ply", 152_746, 0, SplatFormat.CompressedPly)]
    [InlineData("guitar.compressed.ply", 90_854, 0, SplatFormat.CompressedPly)]
    [InlineData("biker.spz", 152_746, 0, SplatFormat.Spz)]
    [InlineData("test-sh3.compressed.ply", 64, 3, SplatFormat.CompressedPly)]
    [InlineData("minimal.splat", 4, 0, SplatFormat.Splat)]
    [InlineData("minimal-raw.spz", 4, 0, SplatFormat.Spz)]
    [InlineData("minimal-v2.spz", 4, 0, SplatFormat.Spz)]
    [InlineData("minimal-v3.spz", 4, 0, SplatFormat.Spz)]
    [InlineData("minimal-v4.spz", 4, 0, SplatFormat.Spz)]
    public void Every_fixture_reads_with_its_count_and_plausible_values(string file, int count, int degree, SplatFormat format)
    {
        var (scene, detected) = SplatFile.Read(TestData.Path("splats", file));
        Assert.Equal(format, detected);
        Assert.Equal(count, scene.Count);
        Assert.Equal(degree, scene.ShDegree);
        Assert.All(scene.Positions, v => Assert.True(float.IsFinite(v) && MathF.Abs(v) < 1e4f));
        Assert.All(scene.Scales, v => Assert.InRange(v, -25f, 10f));
        Assert.All(scene.Colors, v => Assert.InRange(v, -10f, 10f));
        for (var i = 0; i < scene.Count; i++)
        {
            var q = scene.Rotations.AsSpan(i * 4, 4);
            Assert.InRange(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3], 0.99f, 1.01f);
        }
    }

    // The v2 fixtures were written with other conventions (z and colour scale) than the v3/v4 ones, so each
    // generation is compared with its own: gzip against raw, gzip v3 against ZSTD v4.
    [InlineData("minimal-v2.spz", "minimal-raw.spz")]
    [InlineData("minimal-v3.spz", "minimal-v4.spz")]
    [Theory]
    public void The_spz_containers_of_the_minimal_scene_agree(string a, string b)
    {
        var first = SplatFile.Read(TestData.Path("splats", a)).Scene;
        var second = SplatFile.Read(TestData.Path("splats", b)).Scene;
        Assert.True(SplatScenes.MaxDiff(first.Positions, second.Positions) < 0.01f);
        Assert.True(SplatScenes.MaxDiff(first.Colors, second.Colors) < 0.05f);
        Assert.True(SplatScenes.MaxDiff(first.Scales, second.Scales) < 0.07f);
    }

    [Theory]
    [InlineData(SplatFormat.Ply, 0)]
    [InlineData(SplatFormat.Ply, 3)]
    [InlineData(SplatFormat.Splat, 0)]
    [InlineData(SplatFormat.Spz, 3)]
    [InlineData(SplatFormat.CompressedPly, 3)]
    public void Each_format_round_trips_within_its_quantization(SplatFormat format, int degree)
    {
        var scene = SplatScenes.Random(1000, degree);
        var back = SplatFile.Convert(scene, format);
        Assert.Equal(scene.Count, back.Count);
        if (format == SplatFormat.CompressedPly)
            back = Reorder(back, scene); // the writer sorts along a Morton curve
        var exact = format == SplatFormat.Ply;
        Assert.True(SplatScenes.MaxDiff(scene.Positions, back.Positions) <= (exact ? 0 : 0.01f));
        Assert.True(SplatScenes.MaxDiff(scene.Colors, back.Colors) <= (exact ? 0 : 0.05f));
        Assert.True(SplatScenes.MaxDiff(scene.Scales, back.Scales) <= (exact ? 0 : 0.04f));
        Assert.True(SplatScenes.MaxRotationDiff(scene, back) <= (exact ? 1e-6f : 0.02f));
        for (var i = 0; i < scene.Count; i++)
            Assert.InRange(GaussianScene.Sigmoid(back.Opacities[i]) - GaussianScene.Sigmoid(scene.Opacities[i]), -0.005f, 0.005f);
        if (degree > 0 && format != SplatFormat.Splat)
            Assert.True(SplatScenes.MaxDiff(scene.ShRest, back.ShRest) <= (exact ? 0 : 0.04f));
    }

    [Fact]
    public void Spz_v3_gzip_is_written_and_read_back()
    {
        var scene = SplatScenes.Random(300, 1);
        using var memory = new MemoryStream();
        Protect.Domain.Splats.Formats.Spz.Write(scene, memory, version: 3);
        memory.Position = 0;
        Assert.Equal(0x1f, memory.GetBuffer()[0]);
        var back = SplatFile.Read(memory).Scene;
        Assert.True(SplatScenes.MaxDiff(scene.Positions, back.Positions) < 0.01f);
    }

    private static GaussianScene Reorder(GaussianScene back, GaussianScene original)
    {
        // Match by nearest position: the synthetic points are far apart compared to the quantization step.
        var order = new int[original.Count];
        for (var i = 0; i < original.Count; i++)
        {
            var best = 0; var bestD = float.MaxValue;
            for (var j = 0; j < back.Count; j++)
            {
                float d = 0;
                for (var a = 0; a < 3; a++) d += MathF.Pow(original.Positions[i * 3 + a] - back.Positions[j * 3 + a], 2);
                if (d < bestD) { bestD = d; best = j; }
            }
            order[i] = best;
        }
        return back.Select(order);
    }

    [Fact]
    public void A_truncated_ply_is_rejected()
    {
        var bytes = Bytes(SplatScenes.Random(10, 0), SplatFormat.Ply);
        Assert.Throws<InvalidMediaException>(() => SplatFile.Read(new MemoryStream(bytes[..^7])));
    }

    [Fact]
    public void A_ply_with_nan_is_rejected()
    {
        var scene = SplatScenes.Random(10, 0);
        scene.Colors[5] = float.NaN;
        Assert.Throws<InvalidMediaException>(() => SplatFile.Read(new MemoryStream(Bytes(scene, SplatFormat.Ply))));
    }

    [Fact]
    public void A_header_count_over_the_limit_is_rejected_before_allocation()
    {
        var text = "ply\nformat binary_little_endian 1.0\nelement vertex 2000000000\nproperty float x\nend_header\n";
        var e = Assert.Throws<InvalidMediaException>(() => SplatFile.Read(new MemoryStream(Encoding.ASCII.GetBytes(text))));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compressed_ply_with_the_wrong_chunk_count_is_rejected()
    {
        var bytes = Bytes(SplatScenes.Random(600, 0), SplatFormat.CompressedPly);
        var text = Encoding.ASCII.GetString(bytes, 0, 200).Replace("element chunk 3", "element chunk 2", StringComparison.Ordinal);
        var patched = Encoding.ASCII.GetBytes(text).Concat(bytes[200..]).ToArray();
        Assert.Throws<InvalidMediaException>(() => SplatFile.Read(new MemoryStream(patched)));
    }

    [Fact]
    public void An_spz_gzip_bomb_is_rejected()
    {
        // A valid 4-splat header followed by 64 MB of zeros: decompression must stop at the declared size.
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write([0x4e, 0x47, 0x53, 0x50, 3, 0, 0, 0, 4, 0, 0, 0, 0, 12, 0, 0]);
            var zeros = new byte[1 << 20];
            for (var k = 0; k < 64; k++) gzip.Write(zeros);
        }
        memory.Position = 0;
        Assert.Throws<InvalidMediaException>(() => SplatFile.Read(memory));
    }

    [Fact]
    public void Truncated_and_oversized_spz_files_are_rejected()
    {
        var bytes = File.ReadAllBytes(TestData.Path("splats", "minimal-v4.spz"));
        Assert.Throws<InvalidMediaException>(() => SplatFile.Read(new MemoryStream(bytes[..^5])));
        var v3 = File.ReadAllBytes(TestData.Path("splats", "minimal-v3.spz"));
        Assert.Throws<InvalidMediaException>(() => SplatFile.Read(new MemoryStream(v3[..^10])));
        var huge = (byte[])bytes.Clone();
        huge[10] = 0xff; // 16 M splats declared
        Assert.Throws<InvalidMediaException>(() => SplatFile.Read(new MemoryStream(huge)));
    }

    [Fact]
    public void A_splat_file_with_a_partial_row_is_rejected()
    {
        var bytes = File.ReadAllBytes(TestData.Path("splats", "minimal.splat"));
        Assert.Throws<InvalidMediaException>(() => SplatFile.Read(new MemoryStream(bytes[..^1]), "x.splat"));
        Assert.Throws<InvalidMediaException>(() => SplatFile.Read(new MemoryStream("hello"u8.ToArray()), "x.bin"));
    }

    private static byte[] Bytes(GaussianScene scene, SplatFormat format)
    {
        using var memory = new MemoryStream();
        SplatFile.Write(scene, memory, format);
        return memory.ToArray();
    }
}
