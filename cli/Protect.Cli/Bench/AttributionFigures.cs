using Protect.Ml.Attribution.Zoo;

namespace Protect.Cli.Bench;

/// <summary>Everything `bench attribution` measures, for <see cref="AttributionReport"/>.</summary>
internal sealed class AttributionFigures
{
    public IReadOnlyList<string> TrainContent { get; set; } = [];
    public IReadOnlyList<string> TestContent { get; set; } = [];
    public List<(string Name, string Family, ZooRole Role)> Zoo { get; set; } = [];
    public double ZooPrepareSeconds { get; set; }
    public double GenerateSeconds { get; set; }
    public double BaseTrainSeconds { get; set; }
    public double OneClassUpdateSeconds { get; set; }
    public double FourClassUpdateSeconds { get; set; }
    public ClassScores Base { get; set; } = new();
    public ClassScores BaseJpeg80 { get; set; } = new();
    public ClassScores BaseResize50 { get; set; } = new();
    public ClassScores AfterOld { get; set; } = new();
    public ClassScores AfterNew { get; set; } = new();
    public List<(string Name, double Auroc, int Rejected, int Count)> Unknown { get; } = [];
    public double UnknownAuroc { get; set; }
    public double RealAuroc { get; set; }
    public int RealRejected { get; set; }
    public int RealCount { get; set; }
    public int KnownRejected { get; set; }
    public int KnownCount { get; set; }
    public long ModelBytes { get; set; }
    public bool RoundTripIdentical { get; set; }
    public double InferenceMsPerMegapixel { get; set; }
    public double InferenceCpuMsPerMegapixel { get; set; }
    public string LoadAverage { get; set; } = "";
    public int Classes { get; set; }
    public double Temperature { get; set; }
}

/// <summary>Per-class closed-set top-1 results, with rejections and unknown scores kept for AUROC.</summary>
internal sealed class ClassScores
{
    private readonly Dictionary<string, (int Correct, int Total, int Rejected, double Confidence)> _perClass = new(StringComparer.Ordinal);

    public List<double> UnknownScores { get; } = [];
    public IEnumerable<string> Names => _perClass.Keys;
    public int Correct => _perClass.Values.Sum(v => v.Correct);
    public int Total => _perClass.Values.Sum(v => v.Total);
    public int Rejected => _perClass.Values.Sum(v => v.Rejected);
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public void Add(string name, bool correct, bool rejected, double unknownScore, double confidence)
    {
        var v = _perClass.GetValueOrDefault(name);
        _perClass[name] = (v.Correct + (correct ? 1 : 0), v.Total + 1, v.Rejected + (rejected ? 1 : 0), v.Confidence + confidence);
        UnknownScores.Add(unknownScore);
    }

    public double ClassAccuracy(string name) => _perClass.TryGetValue(name, out var v) && v.Total > 0 ? (double)v.Correct / v.Total : double.NaN;
    public int ClassTotal(string name) => _perClass.GetValueOrDefault(name).Total;
    public int ClassRejected(string name) => _perClass.GetValueOrDefault(name).Rejected;
    public double MeanConfidence(string name) => _perClass.TryGetValue(name, out var v) && v.Total > 0 ? v.Confidence / v.Total : double.NaN;
}
