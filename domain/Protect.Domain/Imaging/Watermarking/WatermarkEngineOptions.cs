namespace Protect.Domain.Imaging.Watermarking;

/// <summary>Tuning of <see cref="ImageWatermarkEngine"/>. The defaults are what the robustness tests cover.</summary>
public sealed record WatermarkEngineOptions
{
    /// <summary>Multiplier on the default mark amplitude (1.0 aims at <see cref="TargetPsnrDb"/>).</summary>
    public double Strength { get; init; } = 1.0;

    /// <summary>
    /// PSNR (RGB, against the original) the default strength aims at, before rounding to whole grey levels; the
    /// rounding costs about 0.05 dB, so aiming 0.1 dB above 42 keeps delivered images at 42 dB or more.
    /// </summary>
    public double TargetPsnrDb { get; init; } = 42.1;

    /// <summary>Hard floor: whatever the strength, the mark is scaled down so the PSNR never falls below this.</summary>
    public double MinPsnrDb { get; init; } = 41.0;

    internal void Validate()
    {
        if (!(Strength > 0) || double.IsInfinity(Strength))
            throw new ArgumentOutOfRangeException(nameof(Strength), Strength, "Strength must be a positive number.");
        if (!(MinPsnrDb > 0) || !(TargetPsnrDb >= MinPsnrDb) || double.IsInfinity(TargetPsnrDb))
            throw new ArgumentOutOfRangeException(nameof(TargetPsnrDb), TargetPsnrDb, "Need 0 < MinPsnrDb <= TargetPsnrDb.");
    }
}

/// <param name="Strength">The strength actually used: the requested one, lowered if the PSNR floor required it.</param>
/// <param name="PsnrDb">PSNR of the marked image against the original (a lower bound: clamping at 0/255 only raises it).</param>
/// <param name="GridSize">Side of the luminance grid the payload was spread over.</param>
/// <param name="CodedBits">Channel bits carried (payload, keyed check and code redundancy).</param>
public sealed record EmbedReport(double Strength, double PsnrDb, int GridSize, int CodedBits);

/// <param name="Detected">True only when the decoded bits pass the keyed check; then the payload is the embedded one.</param>
/// <param name="Payload">The 64-bit payload, or null when not detected.</param>
/// <param name="Confidence">In [0, 1]: reliability-weighted agreement of the channel with the re-encoded codeword; 0 when not detected.</param>
/// <param name="FalseMatchProbability">
/// Bound on the chance that an unmarked image (or a wrong key) passes the check: the production engine reports
/// 2^-40 per hypothesis it may decode (<see cref="ImageWatermarkEngine.MaxHypotheses"/>); 1.0 when not detected.
/// </param>
/// <param name="BitErrors">Channel bits whose hard decision disagreed with the codeword (corrected by the code).</param>
public sealed record DetectionResult(bool Detected, ulong? Payload, double Confidence, double FalseMatchProbability, int BitErrors)
{
    public static DetectionResult NotDetected { get; } = new(false, null, 0, 1.0, 0);

    /// <summary>
    /// The geometric transform the detector undid to read the mark (quarter turns and flips, or a resynchronized
    /// rotation and crop); null when it undid none (the image read as it lies) or when not detected.
    /// </summary>
    public WatermarkGeometry? Geometry { get; init; }
}
