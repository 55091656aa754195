using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Baselines;

/// <summary>
/// Reimplementation of invisible-watermark's "dwtDct" method (the one Stable Diffusion shipped), as the
/// benchmark's baseline: U channel of YUV, one-level Haar DWT, 4×4 DCT blocks in the LL band; each block carries
/// one payload bit (bits repeat over the blocks) by quantizing its largest AC coefficient with step 36 to the
/// quarter (bit 0) or three-quarter (bit 1) point; detection takes a majority vote per bit. It has no check and
/// no synchronization: it always "decodes" something, which is exactly what the comparison is meant to show.
/// </summary>
public static class DwtDctWatermark
{
    public const int PayloadBits = 64;
    private const int Block = 4;
    private const float Step = 36f;

    public static void Embed(Image<Rgba32> image, ulong payload)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (u, w, h) = UPlane(image);
        var (ll, lw, lh) = HaarForward(u, w, h, out var details);
        var number = 0;
        Span<float> block = stackalloc float[Block * Block];
        for (var by = 0; by + Block <= lh; by += Block)
        {
            for (var bx = 0; bx + Block <= lw; bx += Block)
            {
                var bit = (int)((payload >> (PayloadBits - 1 - (number++ % PayloadBits))) & 1);
                Load(ll, lw, bx, by, block);
                Dct4.Forward(block);
                var pos = LargestAc(block);
                var value = Math.Abs(block[pos]);
                var q = (MathF.Floor(value / Step) + 0.25f + (0.5f * bit)) * Step;
                block[pos] = block[pos] >= 0 ? q : -q;
                Dct4.Inverse(block);
                Store(ll, lw, bx, by, block);
            }
        }
        var marked = HaarInverse(ll, lw, lh, details);
        // Only U changes: with Y and V fixed, B moves by ΔU/0.492 and G compensates to keep Y.
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var du = marked[(y * w) + x] - u[(y * w) + x];
                if (du == 0)
                    continue;
                var db = du / 0.492f;
                var dg = -0.114f * db / 0.587f;
                var p = image[x, y];
                image[x, y] = new Rgba32(p.R, Clamp(p.G + dg), Clamp(p.B + db), p.A);
            }
        }
    }

    public static ulong Detect(Image<Rgba32> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (u, w, h) = UPlane(image);
        var (ll, lw, lh) = HaarForward(u, w, h, out _);
        var votes = new int[PayloadBits];
        var counts = new int[PayloadBits];
        var number = 0;
        Span<float> block = stackalloc float[Block * Block];
        for (var by = 0; by + Block <= lh; by += Block)
        {
            for (var bx = 0; bx + Block <= lw; bx += Block)
            {
                var index = number++ % PayloadBits;
                Load(ll, lw, bx, by, block);
                Dct4.Forward(block);
                var value = Math.Abs(block[LargestAc(block)]);
                votes[index] += value % Step > 0.5f * Step ? 1 : 0;
                counts[index]++;
            }
        }
        ulong payload = 0;
        for (var i = 0; i < PayloadBits; i++)
            payload = (payload << 1) | (counts[i] > 0 && 2 * votes[i] > counts[i] ? 1UL : 0UL);
        return payload;
    }

    private static (float[] U, int W, int H) UPlane(Image<Rgba32> image)
    {
        int w = image.Width & ~1, h = image.Height & ~1;
        var u = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var p = image[x, y];
                var luma = (0.299f * p.R) + (0.587f * p.G) + (0.114f * p.B);
                u[(y * w) + x] = ((p.B - luma) * 0.492f) + 128;
            }
        }
        return (u, w, h);
    }

    private static (float[] Ll, int W, int H) HaarForward(float[] plane, int w, int h, out float[][] details)
    {
        int lw = w / 2, lh = h / 2;
        var ll = new float[lw * lh];
        details = [new float[lw * lh], new float[lw * lh], new float[lw * lh]];
        for (var y = 0; y < lh; y++)
        {
            for (var x = 0; x < lw; x++)
            {
                var a = plane[(2 * y * w) + (2 * x)];
                var b = plane[(2 * y * w) + (2 * x) + 1];
                var c = plane[(((2 * y) + 1) * w) + (2 * x)];
                var d = plane[(((2 * y) + 1) * w) + (2 * x) + 1];
                var i = (y * lw) + x;
                ll[i] = (a + b + c + d) / 2;
                details[0][i] = (a - b + c - d) / 2;
                details[1][i] = (a + b - c - d) / 2;
                details[2][i] = (a - b - c + d) / 2;
            }
        }
        return (ll, lw, lh);
    }

    private static float[] HaarInverse(float[] ll, int lw, int lh, float[][] details)
    {
        var w = lw * 2;
        var plane = new float[w * lh * 2];
        for (var y = 0; y < lh; y++)
        {
            for (var x = 0; x < lw; x++)
            {
                var i = (y * lw) + x;
                float s = ll[i], h1 = details[0][i], v1 = details[1][i], d1 = details[2][i];
                plane[(2 * y * w) + (2 * x)] = (s + h1 + v1 + d1) / 2;
                plane[(2 * y * w) + (2 * x) + 1] = (s - h1 + v1 - d1) / 2;
                plane[(((2 * y) + 1) * w) + (2 * x)] = (s + h1 - v1 - d1) / 2;
                plane[(((2 * y) + 1) * w) + (2 * x) + 1] = (s - h1 - v1 + d1) / 2;
            }
        }
        return plane;
    }

    private static int LargestAc(ReadOnlySpan<float> block)
    {
        var best = 1;
        for (var i = 2; i < block.Length; i++)
        {
            if (Math.Abs(block[i]) > Math.Abs(block[best]))
                best = i;
        }
        return best;
    }

    private static void Load(float[] plane, int width, int bx, int by, Span<float> block)
    {
        for (var y = 0; y < Block; y++)
            plane.AsSpan(((by + y) * width) + bx, Block).CopyTo(block.Slice(y * Block, Block));
    }

    private static void Store(float[] plane, int width, int bx, int by, ReadOnlySpan<float> block)
    {
        for (var y = 0; y < Block; y++)
            block.Slice(y * Block, Block).CopyTo(plane.AsSpan(((by + y) * width) + bx, Block));
    }

    private static byte Clamp(float v) => (byte)Math.Clamp(MathF.Round(v), 0, 255);

    /// <summary>Orthonormal 4×4 DCT-II (as OpenCV's cv2.dct), separable.</summary>
    private static class Dct4
    {
        private static readonly float[] Basis = Build();

        public static void Forward(Span<float> block) => Apply(block, transpose: false);

        public static void Inverse(Span<float> block) => Apply(block, transpose: true);

        private static float[] Build()
        {
            var basis = new float[Block * Block];
            for (var k = 0; k < Block; k++)
            {
                var scale = k == 0 ? Math.Sqrt(1.0 / Block) : Math.Sqrt(2.0 / Block);
                for (var n = 0; n < Block; n++)
                    basis[(k * Block) + n] = (float)(scale * Math.Cos(Math.PI * ((2 * n) + 1) * k / (2 * Block)));
            }
            return basis;
        }

        /// <summary>B·X·Bᵀ (forward) or Bᵀ·X·B (inverse).</summary>
        private static void Apply(Span<float> block, bool transpose)
        {
            Span<float> temp = stackalloc float[Block * Block];
            for (var i = 0; i < Block; i++)
            {
                for (var j = 0; j < Block; j++)
                {
                    float sum = 0;
                    for (var k = 0; k < Block; k++)
                        sum += (transpose ? Basis[(k * Block) + i] : Basis[(i * Block) + k]) * block[(k * Block) + j];
                    temp[(i * Block) + j] = sum;
                }
            }
            for (var i = 0; i < Block; i++)
            {
                for (var j = 0; j < Block; j++)
                {
                    float sum = 0;
                    for (var k = 0; k < Block; k++)
                        sum += temp[(i * Block) + k] * (transpose ? Basis[(k * Block) + j] : Basis[(j * Block) + k]);
                    block[(i * Block) + j] = sum;
                }
            }
        }
    }
}
