using Protect.Domain.Assets;
using Protect.Domain.Keys;
using Protect.Domain.Splats;
using Protect.Domain.Splats.Watermarking;
using Xunit.Abstractions;

namespace Protect.Domain.Tests.Splats;

public class SplatWatermarkTests(ITestOutputHelper output)
{
    private static readonly WatermarkKey Key = WatermarkKey.FromBytes(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly WatermarkId Id = new(0x0123456789abcdefUL);
    private static readonly Lazy<GaussianScene> Marked = new(() =>
    {
        var s = SplatScenes.Guitar.Clone();
        new SplatWatermarkEngine().Embed(s, Key, Id);
        return s;
    });

    public static TheoryData<string> Attacks => ["none", "shuffle", "prune", "opaque", "f16", "noise", "splat", "spz", "cply", "crop", "sh"];

    [Theory]
    [MemberData(nameof(Attacks))]
    public void The_id_survives(string attack)
    {
        var m = Marked.Value;
        var attacked = attack switch
        {
            "shuffle" => SplatAttacks.Shuffle(m, 1),
            "prune" => SplatAttacks.RemoveRandom(m, 0.3, 2),
            "opaque" => SplatAttacks.RemoveLeastOpaque(m, 0.3),
            "f16" => SplatAttacks.Float16(m),
            "noise" => SplatAttacks.Noise(m, 0.01, 3),
            "splat" => SplatFile.Convert(m, SplatFormat.Splat),
            "spz" => SplatFile.Convert(m, SplatFormat.Spz),
            "cply" => SplatFile.Convert(m, SplatFormat.CompressedPly),
            "crop" => SplatAttacks.CropHalf(m),
            "sh" => SplatAttacks.DropSh(m),
            _ => m,
        };
        var reading = new SplatWatermarkEngine().Detect(attacked, Key);
        output.WriteLine($"{attack}: {reading}");
        Assert.True(reading.Detected);
        Assert.Equal(Id, reading.WatermarkId);
    }

    [Fact]
    public void A_rotated_scaled_and_moved_copy_is_found_after_alignment_to_the_original()
    {
        var moved = SplatAttacks.Transform(Marked.Value, System.Numerics.Quaternion.CreateFromYawPitchRoll(0.7f, -0.3f, 0.2f), 2.5f, new System.Numerics.Vector3(3, -1, 7));
        var engine = new SplatWatermarkEngine();
        Assert.False(engine.Detect(moved, Key).Detected);
        var verdict = SplatDetector.Detect(engine, moved, Key, SplatScenes.Guitar);
        Assert.True(verdict.AlignmentApplied);
        Assert.Equal(Id, verdict.Reading.WatermarkId);
    }

    [Fact]
    public void Unmarked_scenes_and_wrong_keys_are_never_detected()
    {
        var unmarked = new SplatWatermarkEngine().Detect(SplatScenes.Guitar, Key);
        Assert.False(unmarked.Detected);
        Assert.Equal(0, unmarked.Confidence);
        Assert.False(new SplatWatermarkEngine().Detect(Marked.Value, WatermarkKey.Generate()).Detected);
    }
}
