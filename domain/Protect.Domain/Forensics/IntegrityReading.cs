namespace Protect.Domain.Forensics;

/// <summary>
/// What the integrity layer says about a suspect, block by block (row-major, Cols×Rows proportional blocks).
/// </summary>
/// <param name="Scale">Suspect size over the protected size, as found by the grid search.</param>
/// <param name="Score">Per block: ~1 on the keyed lattice (untouched), ~0 foreign content.</param>
/// <param name="Weight">Per block evidence weight in [0, 1]: 0 where the block is clipped to black or white.</param>
/// <param name="GlobalScore">Weighted mean score: ~0.9 intact, lower after processing, ~0.05 when no layer is there.</param>
/// <param name="MeanGain">Mean fitted carrier gain: 1 untouched; below 1 after blur, resampling or lower contrast.</param>
public sealed record IntegrityReading(int Width, int Height, int Cols, int Rows, double Scale, float[] Score, float[] Weight,
    double GlobalScore, double MeanGain)
{
    public static IntegrityReading None(int width, int height) => new(width, height, 0, 0, 1, [], [], 0, 1);
}
