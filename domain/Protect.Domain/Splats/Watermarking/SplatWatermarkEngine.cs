using Protect.Domain.Assets;
using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Keys;

namespace Protect.Domain.Splats.Watermarking;

public sealed record SplatEmbedResult(int Carriers, int CellExponent);

public sealed record SplatReading(bool Detected, WatermarkId? WatermarkId, double Confidence, double FalseMatchProbability, int CellExponent, int Carriers);

/// <summary>
/// Training-free keyed mark for 3DGS scenes. Each Gaussian's DC colour, along the grey axis, is moved onto one of two
/// interleaved keyed lattices (dither modulation, step <see cref="Step"/> in display colour units) chosen by the coded
/// bit of its cell; the 64-bit ID plus a 32-bit keyed check is convolutionally coded (rate 1/3) as in the image
/// engine. Every Gaussian votes independently, so pruning and cropping remove votes, quantization and noise only blur
/// them, and detection is blind: soft votes per coded bit, Viterbi, then the keyed check, which is what makes a
/// reported ID trustworthy (a wrong ID passes with probability 2^-32 per tried cell size).
/// </summary>
public sealed class SplatWatermarkEngine
{
    /// <summary>Lattice step in display colour units (0..1): survives 8-bit and SPZ colour quantization.</summary>
    public float Step { get; init; } = 0.03f;

    /// <summary>Distortion compensation: move this fraction of the way to the lattice point.</summary>
    public float Strength { get; init; } = 0.8f;

    private static int CodedBits => ConvolutionalCode.CodedLength(PayloadCodec.InfoBits);

    public SplatEmbedResult Embed(GaussianScene scene, WatermarkKey key, WatermarkId id)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(key);
        var coded = ConvolutionalCode.Encode(PayloadCodec.ToBits(id.Value, key.Derive("splat-check-v1")));
        var layout = new SplatMarkLayout(key, CodedBits);
        var exponent = SplatMarkLayout.ExponentFor(CoreExtent(scene));
        var cell = MathF.Pow(2, exponent);
        var carriers = 0;
        Parallel.For(0, (scene.Count + 8191) / 8192, () => 0, (block, _, local) =>
        {
            for (var i = block * 8192; i < Math.Min(scene.Count, (block + 1) * 8192); i++)
            {
                var (bit, flip, dither) = layout.At(scene.Positions[i * 3], scene.Positions[i * 3 + 1], scene.Positions[i * 3 + 2], cell);
                if (!TryGrey(scene, i, 0.75f * Step, out var grey)) continue;
                var half = ((coded[bit] == 1) ^ flip) ? 0.5f : 0f;
                var offset = (dither + half) * Step;
                var target = MathF.Round((grey - offset) / Step) * Step + offset;
                var delta = Strength * (target - grey) / GaussianScene.ShC0;
                for (var c = 0; c < 3; c++) scene.Colors[i * 3 + c] += delta;
                local++;
            }
            return local;
        }, n => Interlocked.Add(ref carriers, n));
        return new SplatEmbedResult(carriers, exponent);
    }

    public SplatReading Detect(GaussianScene scene, WatermarkKey key, IEnumerable<int>? exponents = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(key);
        var checkKey = key.Derive("splat-check-v1");
        var layout = new SplatMarkLayout(key, CodedBits);
        var tried = (exponents ?? SplatMarkLayout.SearchExponents).ToList();
        var falseMatch = Math.Min(1, tried.Count * PayloadCodec.FalseMatchProbability);
        SplatReading best = new(false, null, 0, falseMatch, 0, 0);
        foreach (var exponent in tried)
        {
            var (soft, carriers) = SoftBits(scene, layout, MathF.Pow(2, exponent));
            var info = ConvolutionalCode.Decode(soft, PayloadCodec.InfoBits);
            var confidence = MarkEstimator.Agreement(soft, ConvolutionalCode.Encode(info)).Confidence;
            if (PayloadCodec.TryReadBits(info, checkKey, out var payload))
                return new SplatReading(true, new WatermarkId(payload), confidence, falseMatch, exponent, carriers);
            // No confidence for a failed decode: a cell size that puts every Gaussian into a few cells leaves most
            // soft values at zero, and a Viterbi path "agrees" with such a word trivially.
            if (carriers > best.Carriers) best = best with { CellExponent = exponent, Carriers = carriers };
        }
        return best;
    }

    private (float[] Soft, int Carriers) SoftBits(GaussianScene scene, SplatMarkLayout layout, float cell)
    {
        var soft = new float[CodedBits];
        var carriers = 0;
        var gate = new object();
        Parallel.For(0, (scene.Count + 8191) / 8192, () => new float[CodedBits + 1], (block, _, local) =>
        {
            for (var i = block * 8192; i < Math.Min(scene.Count, (block + 1) * 8192); i++)
            {
                if (!TryGrey(scene, i, 0.25f * Step, out var grey)) continue;
                var (bit, flip, dither) = layout.At(scene.Positions[i * 3], scene.Positions[i * 3 + 1], scene.Positions[i * 3 + 2], cell);
                // +1 on the bit-0 lattice, -1 on the bit-1 lattice; positive soft values mean coded bit 1.
                var vote = MathF.Cos(2 * MathF.PI * (grey / Step - dither));
                local[bit] += flip ? vote : -vote;
                local[CodedBits]++;
            }
            return local;
        }, local =>
        {
            lock (gate)
            {
                for (var k = 0; k < CodedBits; k++) soft[k] += local[k];
                carriers += (int)local[CodedBits];
            }
        });
        // Normalize so Viterbi sees comparable magnitudes whatever the scene size.
        var norm = MathF.Sqrt(soft.Sum(v => v * v) / soft.Length) + 1e-9f;
        for (var k = 0; k < soft.Length; k++) soft[k] /= norm;
        return (soft, carriers);
    }

    /// <summary>Mean grey level in display units, if all channels sit far enough from the 0/1 clamps.</summary>
    private static bool TryGrey(GaussianScene s, int i, float margin, out float grey)
    {
        grey = 0;
        for (var c = 0; c < 3; c++)
        {
            var v = 0.5f + GaussianScene.ShC0 * s.Colors[i * 3 + c];
            if (v < margin || v > 1 - margin) return false;
            grey += v;
        }
        grey /= 3;
        return true;
    }

    internal static float CoreExtent(GaussianScene scene)
    {
        var extent = 0f;
        var step = Math.Max(1, scene.Count / 20000);
        var values = new List<float>();
        for (var a = 0; a < 3; a++)
        {
            values.Clear();
            for (var i = 0; i < scene.Count; i += step) values.Add(scene.Positions[i * 3 + a]);
            if (values.Count == 0) continue;
            values.Sort();
            extent = MathF.Max(extent, values[(int)(values.Count * 0.95)] - values[(int)(values.Count * 0.05)]);
        }
        return extent;
    }
}
