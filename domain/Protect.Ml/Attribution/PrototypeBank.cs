namespace Protect.Ml.Attribution;

/// <summary>
/// Class prototypes with one shared covariance (linear discriminant analysis), kept as sufficient statistics:
/// per-class sums and counts and one global second-moment matrix. Adding samples of a new or an existing class only
/// adds to these sums, so an incremental update is exact (the same as refitting on everything seen) and cannot
/// forget an old class: its statistics are never touched. Features are standardized with the mean and scale of the
/// first training set, fixed from then on so old statistics stay valid.
/// </summary>
internal sealed class PrototypeBank
{
    private readonly List<double[]> _sums = [];
    private readonly List<long> _counts = [];
    private double[][] _whitenedMeans = [];
    private double[] _cholesky = []; // lower-triangular L of the shrunk pooled covariance, row-major D x D

    public PrototypeBank(double[] featureMean, double[] featureScale, double shrinkage)
    {
        FeatureMean = featureMean;
        FeatureScale = featureScale;
        Shrinkage = shrinkage;
        Moment = new double[Dim * Dim];
    }

    public int Dim => FeatureMean.Length;
    public double[] FeatureMean { get; }
    public double[] FeatureScale { get; }
    public double Shrinkage { get; }
    public double[] Moment { get; private set; }
    public List<string> Classes { get; } = [];
    public IReadOnlyList<double[]> Sums => _sums;
    public IReadOnlyList<long> Counts => _counts;

    public double[] Standardize(ReadOnlySpan<float> raw)
    {
        var x = new double[Dim];
        for (var i = 0; i < Dim; i++) x[i] = (raw[i] - FeatureMean[i]) / FeatureScale[i];
        return x;
    }

    public int ClassIndex(string name)
    {
        var index = Classes.IndexOf(name);
        if (index >= 0) return index;
        Classes.Add(name);
        _sums.Add(new double[Dim]);
        _counts.Add(0);
        return Classes.Count - 1;
    }

    /// <summary>Adds standardized samples (one row each) to a class's statistics.</summary>
    public void Add(int classIndex, IEnumerable<double[]> samples)
    {
        var sum = _sums[classIndex];
        foreach (var x in samples)
        {
            _counts[classIndex]++;
            for (var i = 0; i < Dim; i++)
            {
                sum[i] += x[i];
                var row = i * Dim;
                for (var j = 0; j <= i; j++) Moment[row + j] += x[i] * x[j];
            }
        }
    }

    /// <summary>Restores saved statistics (see <see cref="AttributionModel.Save"/>).</summary>
    public void Restore(string name, double[] sum, long count)
    {
        Classes.Add(name);
        _sums.Add(sum);
        _counts.Add(count);
    }

    public void RestoreMoment(double[] moment) => Moment = moment;

    /// <summary>Recomputes the pooled covariance (shrunk toward its mean variance) and the whitened class means.</summary>
    public void Refresh()
    {
        var d = Dim;
        var total = _counts.Sum();
        var covariance = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var within = Moment[i * d + j];
                for (var c = 0; c < Classes.Count; c++)
                    if (_counts[c] > 0) within -= _sums[c][i] * _sums[c][j] / _counts[c];
                covariance[i * d + j] = covariance[j * d + i] = within / Math.Max(1, total - Classes.Count);
            }
        }
        var meanVariance = Enumerable.Range(0, d).Average(i => covariance[i * d + i]);
        for (var i = 0; i < d * d; i++) covariance[i] *= 1 - Shrinkage;
        for (var i = 0; i < d; i++) covariance[i * d + i] += Shrinkage * meanVariance + 1e-9;
        _cholesky = Cholesky(covariance, d);
        _whitenedMeans = Enumerable.Range(0, Classes.Count)
            .Select(c => Whiten(_sums[c].Select(s => s / Math.Max(1, _counts[c])).ToArray())).ToArray();
    }

    /// <summary>Squared Mahalanobis distance of a standardized feature to every class mean.</summary>
    public double[] SquaredDistances(double[] x)
    {
        var z = Whiten(x);
        return _whitenedMeans.Select(m =>
        {
            var s = 0.0;
            for (var i = 0; i < z.Length; i++) s += (z[i] - m[i]) * (z[i] - m[i]);
            return s;
        }).ToArray();
    }

    /// <summary>L^-1 x by forward substitution.</summary>
    private double[] Whiten(double[] x)
    {
        var d = Dim;
        var z = new double[d];
        for (var i = 0; i < d; i++)
        {
            var s = x[i];
            for (var j = 0; j < i; j++) s -= _cholesky[i * d + j] * z[j];
            z[i] = s / _cholesky[i * d + i];
        }
        return z;
    }

    private static double[] Cholesky(double[] a, int d)
    {
        var l = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = a[i * d + j];
                for (var k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
                l[i * d + j] = i == j ? Math.Sqrt(Math.Max(s, 1e-12)) : s / l[j * d + j];
            }
        }
        return l;
    }
}
