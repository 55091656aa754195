namespace Protect.Ml.Attribution;

/// <summary>One registered generator and its calibrated probability.</summary>
public sealed record ClassProbability(string Generator, double Probability);

/// <summary>
/// What made an image. <see cref="Generator"/> is null when the image was rejected as real or from an unregistered
/// generator (<see cref="Unknown"/>); <see cref="Probabilities"/> are still the calibrated closed-set probabilities,
/// sorted descending, so a caller can show the nearest registered generator. <see cref="UnknownScore"/> is in [0, 1),
/// 0.5 at the rejection threshold, monotone in the distance to the nearest class prototype.
/// </summary>
public sealed record AttributionPrediction(string? Generator, bool Unknown, double UnknownScore, IReadOnlyList<ClassProbability> Probabilities);

/// <summary>Training knobs. Defaults are sized for a 2-core CPU (a few minutes from scratch, seconds per update).</summary>
public sealed record AttributionTrainingOptions
{
    /// <summary>Square patch side the network sees; generator fingerprints are local, 48 px holds several periods.</summary>
    public int PatchSize { get; init; } = 48;

    /// <summary>Optimizer steps when training the feature network from scratch (ignored by incremental updates).</summary>
    public int Steps { get; init; } = 250;

    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 2e-3;
    public int Seed { get; init; } = 1;

    /// <summary>Patches per image for class statistics and for prediction (fixed grid, so predictions are deterministic).</summary>
    public int PatchesPerImage { get; init; } = 16;

    /// <summary>Share of each class's images held out to calibrate temperature and the rejection threshold.</summary>
    public double CalibrationFraction { get; init; } = 0.2;

    /// <summary>Known-class calibration images whose distance stays under the threshold: the rest are the false-rejection budget.</summary>
    public double RejectQuantile { get; init; } = 0.95;

    /// <summary>Threshold = quantile x margin: calibration sets are small, the margin keeps the false-rejection rate near the quantile.</summary>
    public double RejectMargin { get; init; } = 1.5;

    /// <summary>Channel width of the residual CNN (the embedding has 4x this many values).</summary>
    public int Width { get; init; } = 16;

    /// <summary>Torch intra-op threads; null = min(cores, 4).</summary>
    public int? Threads { get; init; }

    /// <summary>"cpu", "cuda", or null for CUDA when available.</summary>
    public string? Device { get; init; }
}
