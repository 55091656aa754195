namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// What a detector undid to read the mark, as a transform from the marked original to the image it was given.
/// Scale: the experimental <see cref="Tiled.TiledWatermarkEngine"/> reports it relative to the cell size the embedder
/// would have picked (cell sizes double from step to step, so a resize by exactly 2 between sizes that pick
/// different cells is ambiguous; the smaller scale is reported). The production <see cref="ImageWatermarkEngine"/>
/// reports 1: its cells are fractions of the original's sides, and a crop hides how large the original was.
/// </summary>
/// <param name="RotationDegrees">Clockwise rotation.</param>
/// <param name="ScaleX">Scale along the (rotated) x axis.</param>
/// <param name="ScaleY">Scale along the (rotated) y axis.</param>
/// <param name="Flipped">Mirrored (reported as a horizontal flip before the rotation).</param>
/// <param name="OffsetX">Where the tile origin now lies, in pixels, modulo one tile: non-zero after crops and shifts.</param>
/// <param name="OffsetY">See <paramref name="OffsetX"/>.</param>
public sealed record WatermarkGeometry(double RotationDegrees, double ScaleX, double ScaleY, bool Flipped, double OffsetX, double OffsetY)
{
    public static WatermarkGeometry Identity { get; } = new(0, 1, 1, false, 0, 0);

    /// <summary>E.g. "rotated 5.1 deg, scaled 0.50, cropped", or "none".</summary>
    public string Description
    {
        get
        {
            var parts = new List<string>();
            if (Flipped)
                parts.Add("flipped");
            if (Math.Abs(RotationDegrees) >= 0.5)
                parts.Add(FormattableString.Invariant($"rotated {RotationDegrees:0.0} deg"));
            if (Math.Abs(ScaleX - ScaleY) > 0.03)
                parts.Add(FormattableString.Invariant($"scaled {ScaleX:0.00} x {ScaleY:0.00}"));
            else if (Math.Abs(ScaleX - 1) > 0.03)
                parts.Add(FormattableString.Invariant($"scaled {(ScaleX + ScaleY) / 2:0.00}"));
            if (Math.Abs(OffsetX) > 1.5 || Math.Abs(OffsetY) > 1.5)
                parts.Add("cropped");
            return parts.Count == 0 ? "none" : string.Join(", ", parts);
        }
    }
}
