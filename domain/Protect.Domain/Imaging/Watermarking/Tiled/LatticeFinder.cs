namespace Protect.Domain.Imaging.Watermarking.Tiled;

/// <summary>One tile period as seen in the working image: the images of the tile's two edge vectors, in working pixels.</summary>
internal readonly record struct Lattice(double Ax, double Ay, double Bx, double By, double Score)
{
    public double Determinant => (Ax * By) - (Ay * Bx);

    public bool SameAs(Lattice other, double tolerance) =>
        Close(Ax, Ay, other.Ax, other.Ay, tolerance) && Close(Bx, By, other.Bx, other.By, tolerance);

    private static bool Close(double x, double y, double u, double v, double t) =>
        (Math.Abs(x - u) < t && Math.Abs(y - v) < t) || (Math.Abs(x + u) < t && Math.Abs(y + v) < t);
}

/// <summary>
/// Finds the periodic tile's lattice from the autocorrelation of the whitened image: a repeated pattern
/// correlates with itself at every lattice vector, whatever rotation, scale, aspect change or flip moved it there,
/// while the (whitened) host decorrelates within a few pixels. Peaks are scored as lattices and the winners
/// refined to sub-pixel precision by a least-squares fit over many lattice points, since an error of a fraction
/// of a pixel per period adds up over the image.
/// </summary>
internal static class LatticeFinder
{
    /// <summary>Shortest tile period searched (working pixels): 64 cells of 0.75 px, below which nothing survives anyway.</summary>
    private const double MinPeriod = 44;

    /// <summary>Lags whose overlap is under this fraction of the image are too noisy to use.</summary>
    private const double MinOverlap = 0.12;

    private const int Peaks = 14;

    /// <summary>What the best of a 3×3 neighbourhood of z-scores reads on noise, on average.</summary>
    private const double NoiseLookup = 1.5;

    public static List<Lattice> Find(WorkingImage work, int maxCandidates, int maxThreads) =>
        Find(work, maxCandidates, maxThreads, MinPeriod);

    /// <summary>
    /// As above, for tiles that may be shorter than the default <see cref="MinPeriod"/> (working pixels), from the
    /// strongest <paramref name="peaks"/> maxima. With <paramref name="densify"/>, a lattice whose half-vectors are
    /// peaks too is replaced by the finer lattice they span: two peaks such as a+b and a−b span only an index-2
    /// sublattice of the tile's, and folding on that mixes two tile positions into every bin.
    /// </summary>
    public static List<Lattice> Find(WorkingImage work, int maxCandidates, int maxThreads, double minPeriod,
        int peaks = Peaks, bool densify = false)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (z, nx, ny) = Autocorrelation(work, maxThreads);
        int w = work.Width, h = work.Height;
        double Lookup(double dx, double dy)
        {
            var ix = (int)Math.Round(dx);
            var iy = (int)Math.Round(dy);
            if (Math.Abs(ix) >= nx / 2 - 1 || Math.Abs(iy) >= ny / 2 - 1 || Overlap(ix, iy, w, h) < MinOverlap)
                return double.NaN;
            var best = double.NegativeInfinity;
            for (var oy = -1; oy <= 1; oy++)
            {
                for (var ox = -1; ox <= 1; ox++)
                    best = Math.Max(best, z[Index(ix + ox, iy + oy, nx, ny)]);
            }
            return best;
        }

        // Densify mode scores a lattice over every point n·a + m·b with |n|, |m| <= 3 in range, not just four: a
        // periodic mark peaks at all of them, a host texture's quasi-period fades after a few. The score is then
        // a z-score of the sum (less the ~1.5 a best-of-9 lookup reads on noise), so a sparser sublattice of the
        // true one, with fewer points, scores lower instead of equal.
        var reach = densify ? 3 : 1;
        Lattice? Score((double X, double Y) a, (double X, double Y) b)
        {
            double sum = 0;
            var count = 0;
            for (var n = -reach; n <= reach; n++)
            {
                for (var m = 0; m <= reach; m++)
                {
                    if ((m == 0 && n <= 0) || (!densify && Math.Abs(n) + m > 2 && !(n == -1 && m == 1)))
                        continue;
                    var value = Lookup((n * a.X) + (m * b.X), (n * a.Y) + (m * b.Y));
                    if (double.IsNaN(value))
                        continue;
                    sum += value;
                    count++;
                }
            }
            if (count < 3)
                return null;
            return new Lattice(a.X, a.Y, b.X, b.Y, densify ? (sum - (NoiseLookup * count)) / Math.Sqrt(count) : sum / count);
        }

        var maxima = LocalMaxima(z, nx, ny, w, h, minPeriod, peaks);
        var lattices = new List<Lattice>();
        for (var i = 0; i < maxima.Count; i++)
        {
            for (var j = i + 1; j < maxima.Count; j++)
            {
                if (!Reduce(maxima[i], maxima[j], minPeriod, out var a, out var b) || Score(a, b) is not { } found)
                    continue;
                var candidate = densify ? Densify(found, Score, Lookup, minPeriod) : found;
                var duplicate = lattices.FindIndex(l => l.SameAs(candidate, 3) || l.SameAs(candidate with { Ax = candidate.Bx, Ay = candidate.By, Bx = candidate.Ax, By = candidate.Ay }, 3));
                if (duplicate >= 0)
                {
                    if (lattices[duplicate].Score < candidate.Score)
                        lattices[duplicate] = candidate;
                    continue;
                }
                lattices.Add(candidate);
            }
        }
        return lattices.OrderByDescending(l => l.Score).Take(maxCandidates).Select(l => Refine(l, z, nx, ny, w, h)).ToList();
    }

    private static Lattice Densify(Lattice l, Func<(double X, double Y), (double X, double Y), Lattice?> score,
        Func<double, double, double> lookup, double minPeriod)
    {
        for (var round = 0; round < 2; round++)
        {
            (double X, double Y) a = (l.Ax, l.Ay), b = (l.Bx, l.By);
            (double X, double Y) halfA = (a.X / 2, a.Y / 2), halfB = (b.X / 2, b.Y / 2), halfSum = ((a.X + b.X) / 2, (a.Y + b.Y) / 2);
            var halves = new[] { (halfA, b, halfA), (a, halfB, halfB), (halfSum, b, halfSum) };
            var improved = false;
            foreach (var (p, q, half) in halves)
            {
                var value = lookup(half.X, half.Y);
                if (double.IsNaN(value) || value < 3)
                    continue;
                if (!Reduce((p.X, p.Y, 0), (q.X, q.Y, 0), minPeriod, out var ra, out var rb) || score(ra, rb) is not { } finer || finer.Score <= l.Score)
                    continue;
                l = finer;
                improved = true;
                break;
            }
            if (!improved)
                break;
        }
        return l;
    }

    /// <summary>Autocorrelation by FFT (zero-padded to powers of two), as z-scores: divided by √overlap and the noise spread.</summary>
    private static (float[] Z, int Nx, int Ny) Autocorrelation(WorkingImage work, int maxThreads)
    {
        int w = work.Width, h = work.Height;
        var nx = Fft.NextPowerOfTwo(w);
        var ny = Fft.NextPowerOfTwo(h);
        var re = new float[nx * ny];
        var im = new float[nx * ny];
        for (var y = 0; y < h; y++)
            work.Values.AsSpan(y * w, w).CopyTo(re.AsSpan(y * nx, w));
        Fft.Transform2D(re, im, nx, ny, inverse: false, maxThreads);
        for (var i = 0; i < re.Length; i++)
        {
            re[i] = (re[i] * re[i]) + (im[i] * im[i]);
            im[i] = 0;
        }
        Fft.Transform2D(re, im, nx, ny, inverse: true, maxThreads);
        double sum = 0, squares = 0;
        var n = 0;
        for (var iy = 0; iy < ny; iy++)
        {
            var dy = iy < ny / 2 ? iy : iy - ny;
            for (var ix = 0; ix < nx; ix++)
            {
                var dx = ix < nx / 2 ? ix : ix - nx;
                var overlap = (double)(w - Math.Abs(dx)) * (h - Math.Abs(dy));
                var value = overlap > 0 ? re[(iy * nx) + ix] / Math.Sqrt(overlap) : 0;
                re[(iy * nx) + ix] = (float)value;
                if (Math.Abs(dx) > 4 || Math.Abs(dy) > 4)
                {
                    sum += value;
                    squares += value * value;
                    n++;
                }
            }
        }
        var mean = sum / n;
        var spread = Math.Sqrt(Math.Max(squares / n - (mean * mean), 1e-20));
        for (var i = 0; i < re.Length; i++)
            re[i] = (float)((re[i] - mean) / spread);
        return (re, nx, ny);
    }

    private static List<(double X, double Y, double Z)> LocalMaxima(float[] z, int nx, int ny, int w, int h, double minPeriod, int peaks)
    {
        var found = new List<(double X, double Y, double Z)>();
        var maxLag = Math.Max(w, h);
        for (var dy = 0; dy < ny / 2 - 1; dy++)
        {
            for (var dx = -nx / 2 + 1; dx < nx / 2 - 1; dx++)
            {
                if (dy == 0 && dx <= 0)
                    continue;
                var length = Math.Sqrt((dx * dx) + (dy * dy));
                if (length < minPeriod || length > maxLag || Overlap(dx, dy, w, h) < MinOverlap)
                    continue;
                var value = z[Index(dx, dy, nx, ny)];
                if (value < 3 || (found.Count >= peaks && value <= found[^1].Z))
                    continue;
                var isMax = true;
                for (var oy = -1; oy <= 1 && isMax; oy++)
                {
                    for (var ox = -1; ox <= 1; ox++)
                    {
                        if ((ox != 0 || oy != 0) && z[Index(dx + ox, dy + oy, nx, ny)] > value)
                        {
                            isMax = false;
                            break;
                        }
                    }
                }
                if (!isMax)
                    continue;
                found.Add((dx, dy, value));
                found.Sort((p, q) => q.Z.CompareTo(p.Z));
                if (found.Count > peaks)
                    found.RemoveAt(found.Count - 1);
            }
        }
        return found;
    }

    /// <summary>Gauss-Lagrange reduction to the shortest, most orthogonal basis; false for degenerate or implausible shapes.</summary>
    private static bool Reduce((double X, double Y, double Z) p, (double X, double Y, double Z) q, double minPeriod, out (double X, double Y) a, out (double X, double Y) b)
    {
        a = (p.X, p.Y);
        b = (q.X, q.Y);
        var det = (a.X * b.Y) - (a.Y * b.X);
        if (Math.Abs(det) < minPeriod * minPeriod * 0.5)
            return false;
        for (var guard = 0; guard < 16; guard++)
        {
            if (Norm2(b) < Norm2(a))
                (a, b) = (b, a);
            var mu = Math.Round(((a.X * b.X) + (a.Y * b.Y)) / Norm2(a));
            if (mu == 0)
                break;
            b = (b.X - (mu * a.X), b.Y - (mu * a.Y));
        }
        var ratio = Math.Sqrt(Norm2(b) / Norm2(a));
        return Math.Sqrt(Norm2(a)) >= minPeriod && ratio <= 1.7;
    }

    /// <summary>Weighted least squares of n·a + m·b against the sub-pixel peaks near every lattice point in range.</summary>
    private static Lattice Refine(Lattice l, float[] z, int nx, int ny, int w, int h)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            double snn = 0, snm = 0, smm = 0, snx = 0, smx = 0, sny = 0, smy = 0;
            for (var n = -4; n <= 4; n++)
            {
                for (var m = -4; m <= 4; m++)
                {
                    if (n == 0 && m == 0)
                        continue;
                    var px = (n * l.Ax) + (m * l.Bx);
                    var py = (n * l.Ay) + (m * l.By);
                    var ix = (int)Math.Round(px);
                    var iy = (int)Math.Round(py);
                    if (Math.Abs(ix) >= nx / 2 - 2 || Math.Abs(iy) >= ny / 2 - 2 || Overlap(ix, iy, w, h) < MinOverlap)
                        continue;
                    // Move to the largest neighbour, then fit a parabola per axis.
                    var bx = ix;
                    var by = iy;
                    for (var oy = -1; oy <= 1; oy++)
                    {
                        for (var ox = -1; ox <= 1; ox++)
                        {
                            if (z[Index(ix + ox, iy + oy, nx, ny)] > z[Index(bx, by, nx, ny)])
                                (bx, by) = (ix + ox, iy + oy);
                        }
                    }
                    var centre = z[Index(bx, by, nx, ny)];
                    if (centre < 3)
                        continue;
                    var fx = bx + Vertex(z[Index(bx - 1, by, nx, ny)], centre, z[Index(bx + 1, by, nx, ny)]);
                    var fy = by + Vertex(z[Index(bx, by - 1, nx, ny)], centre, z[Index(bx, by + 1, nx, ny)]);
                    double weight = centre;
                    snn += weight * n * n;
                    snm += weight * n * m;
                    smm += weight * m * m;
                    snx += weight * n * fx;
                    smx += weight * m * fx;
                    sny += weight * n * fy;
                    smy += weight * m * fy;
                }
            }
            var det = (snn * smm) - (snm * snm);
            if (det < 1e-9)
                return l;
            l = l with
            {
                Ax = ((smm * snx) - (snm * smx)) / det,
                Bx = ((snn * smx) - (snm * snx)) / det,
                Ay = ((smm * sny) - (snm * smy)) / det,
                By = ((snn * smy) - (snm * sny)) / det,
            };
        }
        return l;
    }

    private static double Vertex(double left, double centre, double right)
    {
        var denominator = left - (2 * centre) + right;
        return denominator < 0 ? Math.Clamp(0.5 * (left - right) / denominator, -0.5, 0.5) : 0;
    }

    private static double Overlap(int dx, int dy, int w, int h) =>
        Math.Max(0, w - Math.Abs(dx)) * (double)Math.Max(0, h - Math.Abs(dy)) / ((double)w * h);

    private static int Index(int dx, int dy, int nx, int ny) => (((dy % ny) + ny) % ny * nx) + (((dx % nx) + nx) % nx);

    private static double Norm2((double X, double Y) v) => (v.X * v.X) + (v.Y * v.Y);
}
