namespace Protect.Domain.Imaging.Watermarking.Tiled;

/// <summary>Tuning of the experimental <see cref="TiledWatermarkEngine"/> (its own defaults, separate from production's).</summary>
public sealed record TiledWatermarkOptions
{
    /// <summary>Multiplier on the default mark amplitude (1.0 aims at <see cref="TargetPsnrDb"/>).</summary>
    public double Strength { get; init; } = 1.0;

    /// <summary>PSNR (RGB, against the original) the default strength aims at.</summary>
    public double TargetPsnrDb { get; init; } = 42.5;

    /// <summary>Hard floor: whatever the strength, the mark is scaled down so the PSNR never falls below this.</summary>
    public double MinPsnrDb { get; init; } = 40.5;

    /// <summary>Threads for embedding and detection (-1: all cores). The benchmark sets 1 for single-core figures.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        if (!(Strength > 0) || double.IsInfinity(Strength))
            throw new ArgumentOutOfRangeException(nameof(Strength), Strength, "Strength must be a positive number.");
        if (!(MinPsnrDb > 0) || !(TargetPsnrDb >= MinPsnrDb) || double.IsInfinity(TargetPsnrDb))
            throw new ArgumentOutOfRangeException(nameof(TargetPsnrDb), TargetPsnrDb, "Need 0 < MinPsnrDb <= TargetPsnrDb.");
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use -1 or a positive count.");
    }
}

/// <param name="Strength">The strength actually used: the requested one, lowered if the PSNR floor required it.</param>
/// <param name="PsnrDb">PSNR of the marked image against the original (a lower bound: clamping at 0/255 only raises it).</param>
/// <param name="CellSize">Pixels per tile cell (the tile is 64×64 cells, repeated over the image).</param>
/// <param name="CodedBits">Channel bits carried (payload, keyed check and code redundancy).</param>
public sealed record TiledEmbedReport(double Strength, double PsnrDb, int CellSize, int CodedBits);
