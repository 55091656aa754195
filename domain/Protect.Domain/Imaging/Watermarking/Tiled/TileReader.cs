namespace Protect.Domain.Imaging.Watermarking.Tiled;

/// <summary>A way to read the folded tile: which of the 8 dihedral maps (g) and which cyclic shift (in bins).</summary>
internal readonly record struct TileAlignment(int Dihedral, int ShiftX, int ShiftY, double PilotScore);

/// <summary>
/// Reads a folded tile with the key: correlates it (cyclically, by FFT) with the keyed pilot under each of the
/// 8 flips and quarter turns, which finds both the dihedral map and the translation a crop left behind, then
/// gathers each data cell's bins into soft coded bits.
/// </summary>
internal static class TileReader
{
    private const int N = TileFold.Bins;

    /// <summary>
    /// Bin coordinate under dihedral map g: bit 2 swaps the axes, then bit 0 mirrors x and bit 1 mirrors y. A
    /// mirror maps the two bins of cell i onto the two bins of cell Side-1-i, so cells stay whole.
    /// </summary>
    public static (int X, int Y) Map(int g, int x, int y)
    {
        if ((g & 4) != 0)
            (x, y) = (y, x);
        if ((g & 1) != 0)
            x = N - 1 - x;
        if ((g & 2) != 0)
            y = N - 1 - y;
        return (x, y);
    }

    /// <summary>2-D spectrum of a fold (key-independent, so shared by every key tried on one image).</summary>
    public static (float[] Re, float[] Im) Spectrum(float[] fold)
    {
        var re = (float[])fold.Clone();
        var im = new float[N * N];
        Fft.Transform2D(re, im, N, N, inverse: false, maxThreads: 1);
        return (re, im);
    }

    /// <summary>Spectra of the keyed pilot (expanded to bins) under each of the 8 dihedral maps.</summary>
    public static (float[] Re, float[] Im)[] PilotSpectra(TileLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var result = new (float[] Re, float[] Im)[8];
        for (var g = 0; g < 8; g++)
        {
            var re = new float[N * N];
            var im = new float[N * N];
            for (var y = 0; y < N; y++)
            {
                for (var x = 0; x < N; x++)
                {
                    var (ex, ey) = Map(g, x, y);
                    re[(y * N) + x] = layout.Pilot[((ey / 2) * TileLayout.Side) + (ex / 2)];
                }
            }
            Fft.Transform2D(re, im, N, N, inverse: false, maxThreads: 1);
            result[g] = (re, im);
        }
        return result;
    }

    /// <summary>The best shift for each dihedral map, strongest first, scored as z-scores of the correlation.</summary>
    public static TileAlignment[] Align((float[] Re, float[] Im) fold, (float[] Re, float[] Im)[] pilots)
    {
        ArgumentNullException.ThrowIfNull(pilots);
        var result = new TileAlignment[pilots.Length];
        var re = new float[N * N];
        var im = new float[N * N];
        for (var g = 0; g < pilots.Length; g++)
        {
            var (pr, pi) = pilots[g];
            var (x, y, score) = Peak(fold, pr, pi, N, re, im);
            result[g] = new TileAlignment(g, x, y, score);
        }
        return result.OrderByDescending(a => a.PilotScore).ToArray();
    }

    /// <summary>
    /// Circular correlation of a folded tile with one pilot (both as n×n spectra) and its strongest shift, scored as
    /// a z-score over all shifts. <paramref name="re"/> and <paramref name="im"/> are n² scratch buffers.
    /// </summary>
    internal static (int X, int Y, double Score) Peak((float[] Re, float[] Im) fold, float[] pr, float[] pi, int n, float[] re, float[] im)
    {
        // C(t) = Σ_q F(q+t)·P(q)  ⇔  FFT(C) = FFT(F) · conj(FFT(P)).
        for (var i = 0; i < re.Length; i++)
        {
            re[i] = (fold.Re[i] * pr[i]) + (fold.Im[i] * pi[i]);
            im[i] = (fold.Im[i] * pr[i]) - (fold.Re[i] * pi[i]);
        }
        Fft.Transform2D(re, im, n, n, inverse: true, maxThreads: 1);
        double sum = 0, squares = 0;
        var best = 0;
        for (var i = 0; i < re.Length; i++)
        {
            sum += re[i];
            squares += (double)re[i] * re[i];
            if (re[i] > re[best])
                best = i;
        }
        var mean = sum / re.Length;
        var spread = Math.Sqrt(Math.Max((squares / re.Length) - (mean * mean), 1e-30));
        return (best % n, best / n, (re[best] - mean) / spread);
    }

    /// <summary>Soft coded bits: each data cell's four bins, found through the alignment, despread with the chips.</summary>
    public static float[] Read(float[] fold, TileLayout layout, TileAlignment alignment)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return layout.Demodulate(Cells(fold, alignment));
    }

    /// <summary>Each tile cell's reading: the sum of its four bins, found through the alignment.</summary>
    public static float[] Cells(float[] fold, TileAlignment alignment)
    {
        ArgumentNullException.ThrowIfNull(fold);
        // Invert the dihedral map once: tile bin e sits at fold bin k⁻¹(e) + shift.
        var cells = new float[TileLayout.Cells];
        for (var y = 0; y < N; y++)
        {
            for (var x = 0; x < N; x++)
            {
                var (ex, ey) = Map(alignment.Dihedral, x, y);
                var fx = (x + alignment.ShiftX) & (N - 1);
                var fy = (y + alignment.ShiftY) & (N - 1);
                cells[((ey / 2) * TileLayout.Side) + (ex / 2)] += fold[(fy * N) + fx];
            }
        }
        return cells;
    }
}
