using Protect.Domain.Keys;

namespace Protect.Domain.Forensics;

/// <summary>
/// Geometry and keying of the integrity layer. The picture is cut into proportional blocks (about 16 px at the
/// protected size), each into 4×4 sub-cells whose area averages form a tiny 4×4 image. Six mid-frequency 4×4 DCT
/// coefficients of that image are the carriers: low enough to survive JPEG 75 and a 75% resize (periods of 8 to
/// 16 px), high enough that edges and gradients (coefficients (0,1) and (1,0)) stay out. Each carrier is
/// quantized onto a lattice shifted by a keyed, position-dependent dither, so content moved from elsewhere (copy-move)
/// or pasted in does not sit on the lattice.
/// </summary>
public sealed class IntegrityLayout
{
    /// <summary>Target block side at the protected size, in pixels.</summary>
    public const int BlockPixels = 16;

    /// <summary>Sub-cells per block side.</summary>
    public const int Sub = 4;

    /// <summary>Carrier coefficients (u horizontal, v vertical) of the 4×4 DCT.</summary>
    internal static readonly (int U, int V)[] Carriers = [(1, 1), (0, 2), (2, 0), (1, 2), (2, 1), (2, 2)];

    /// <summary>Quantization step in carrier units (sub-cell-average grey levels); sets the ~48 dB cost.</summary>
    public const float Step = 4.4f;

    private const string Purpose = "protect/forensics/integrity/v1";

    /// <summary>Orthonormal 4-point DCT-II basis, [u, x].</summary>
    internal static readonly float[,] Basis = BuildBasis();

    private readonly ulong _seed;

    public IntegrityLayout(WatermarkKey key, int cols, int rows)
    {
        ArgumentNullException.ThrowIfNull(key);
        Cols = cols;
        Rows = rows;
        _seed = BitConverter.ToUInt64(key.Derive(Purpose));
    }

    public int Cols { get; }
    public int Rows { get; }

    /// <summary>The block grid the embedder uses for an image of this size.</summary>
    public static (int Cols, int Rows) GridFor(int width, int height) =>
        (Math.Max(4, (int)Math.Round(width / (double)BlockPixels)), Math.Max(4, (int)Math.Round(height / (double)BlockPixels)));

    /// <summary>Keyed lattice offset of carrier k in block (i, j), as a fraction of <see cref="Step"/> in [0, 1).</summary>
    public float Dither(int i, int j, int k)
    {
        var z = _seed ^ ((ulong)(uint)i * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)j * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)k * 0x165667B19E3779F9UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (float)((z >> 40) / (double)(1UL << 24));
    }

    /// <summary>Carrier values of block (i, j) from the sub-cell grid (row-major, Cols*Sub wide).</summary>
    public void Coefficients(ReadOnlySpan<float> cells, int i, int j, Span<float> carriers)
    {
        var stride = Cols * Sub;
        Span<float> block = stackalloc float[Sub * Sub];
        for (var y = 0; y < Sub; y++)
        {
            for (var x = 0; x < Sub; x++)
                block[(y * Sub) + x] = cells[(((j * Sub) + y) * stride) + (i * Sub) + x];
        }
        for (var k = 0; k < Carriers.Length; k++)
        {
            var (u, v) = Carriers[k];
            float sum = 0;
            for (var y = 0; y < Sub; y++)
            {
                for (var x = 0; x < Sub; x++)
                    sum += Basis[v, y] * Basis[u, x] * block[(y * Sub) + x];
            }
            carriers[k] = sum;
        }
    }

    /// <summary>Adds Σ_k delta[k]·basis_k to the sub-cells of block (i, j).</summary>
    public void AddPattern(Span<float> cells, int i, int j, ReadOnlySpan<float> delta)
    {
        var stride = Cols * Sub;
        for (var y = 0; y < Sub; y++)
        {
            for (var x = 0; x < Sub; x++)
            {
                float sum = 0;
                for (var k = 0; k < Carriers.Length; k++)
                    sum += delta[k] * Basis[Carriers[k].V, y] * Basis[Carriers[k].U, x];
                cells[(((j * Sub) + y) * stride) + (i * Sub) + x] += sum;
            }
        }
    }

    private static float[,] BuildBasis()
    {
        var basis = new float[Sub, Sub];
        for (var u = 0; u < Sub; u++)
        {
            var scale = u == 0 ? Math.Sqrt(1.0 / Sub) : Math.Sqrt(2.0 / Sub);
            for (var x = 0; x < Sub; x++)
                basis[u, x] = (float)(scale * Math.Cos(((2 * x) + 1) * u * Math.PI / (2 * Sub)));
        }
        return basis;
    }
}
