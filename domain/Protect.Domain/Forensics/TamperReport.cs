namespace Protect.Domain.Forensics;

/// <summary>The global verdict; stored and serialized by name.</summary>
public enum TamperVerdict
{
    /// <summary>No sign of change (the integrity layer holds everywhere, or passive clues find nothing).</summary>
    Intact,

    /// <summary>One or more regions were replaced, moved, filled, blurred or written over.</summary>
    LocallyEdited,

    /// <summary>Recompressed, resized or colour-adjusted as a whole, nothing local.</summary>
    GloballyProcessed,

    /// <summary>The owner's mark survives but the integrity layer is gone everywhere, as after AI re-generation.</summary>
    Regenerated,
}

/// <summary>Whether the verdict rests on the planted integrity layer (strong) or on passive clues only (weaker).</summary>
public enum TamperEvidence
{
    Active,
    Passive,
}

/// <param name="X">Left, in suspect pixels.</param>
/// <param name="AreaPercent">Flagged pixels of this region over all pixels of the picture, in percent.</param>
/// <param name="Score">Mean tamper probability inside the region, 0..1.</param>
public sealed record TamperRegion(int X, int Y, int W, int H, double AreaPercent, double Score);

/// <summary>A per-block map (row-major Cols×Rows proportional blocks over the suspect), values 0..1.</summary>
public sealed record HeatMap(int Cols, int Rows, float[] Values);

/// <param name="Name">e.g. "integrity-layer", "error-level", "noise-inconsistency", "jpeg-double-quantization".</param>
/// <param name="Score">How strongly the clue points at a local edit, 0..1.</param>
/// <param name="Confidence">How far the clue can be trusted on this picture, 0..1 (honest: passive clues are weak).</param>
/// <param name="Summary">One sentence with the measured numbers behind the clue.</param>
public sealed record TamperClue(string Name, double Score, double Confidence, string Summary)
{
    public HeatMap? Heat { get; init; }
}

/// <summary>
/// Verification of one suspect: verdict, mask, regions, clues and a paragraph for people.
/// </summary>
/// <param name="Mask">Tamper probability at block resolution, aligned to the suspect (see <see cref="TamperMask"/>).</param>
public sealed record TamperReport(TamperVerdict Verdict, TamperEvidence Evidence, TamperMask Mask, IReadOnlyList<TamperRegion> Regions,
    IReadOnlyList<TamperClue> Clues, string Explanation)
{
    /// <summary>Percent of the picture flagged as tampered.</summary>
    public double TamperedPercent => Regions.Sum(r => r.AreaPercent);
}
