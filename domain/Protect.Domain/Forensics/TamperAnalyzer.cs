using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Forensics;

/// <summary>
/// Verification beyond "is this mine": reads the integrity layer and the passive clues of a suspect and combines
/// them with the copyright reading into a <see cref="TamperReport"/>. The integrity layer decides wherever it is
/// present (the service planted it); passive clues only decide when it is absent, and the verdict says so.
/// </summary>
public sealed class TamperAnalyzer
{
    /// <summary>Typical block score above which the layer is present (no layer: ~0.05-0.1).</summary>
    public const double LayerPresent = 0.3;

    /// <summary>Typical block score of an untouched protected copy is ~1; JPEG 95 already takes it below this.</summary>
    public const double UntouchedScore = 0.96;

    /// <summary>At or below this estimated JPEG quality, losing the layer is put down to compression.</summary>
    public const int HeavyJpegQuality = 60;

    public TamperReport Analyze(Image<Rgba32> suspect, WatermarkKey key, DetectionResult copyright)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(copyright);
        var luma = LumaPlane.From(suspect);
        var integrity = IntegrityReader.Read(luma, key);
        var passive = PassiveClues.Analyze(luma);
        var probability = TamperLocalizer.Probabilities(integrity, out var typical);
        var active = typical >= LayerPresent;
        var mask = active
            ? new TamperMask(suspect.Width, suspect.Height, integrity.Cols, integrity.Rows, probability)
            : PassiveMask(suspect.Width, suspect.Height, passive);
        var regions = TamperRegions.Find(mask);
        var processing = GlobalProcessing.Describe(integrity, typical, passive.JpegQuality, active);
        var verdict = (active, regions.Count > 0) switch
        {
            (true, true) => TamperVerdict.LocallyEdited,
            (true, false) => processing is null ? TamperVerdict.Intact : TamperVerdict.GloballyProcessed,
            // Heavy recompression alone also wipes the layer; a clear low JPEG quality explains it without re-generation.
            (false, _) when copyright.Detected && passive.JpegQuality is not (<= HeavyJpegQuality) => TamperVerdict.Regenerated,
            (false, true) => TamperVerdict.LocallyEdited,
            (false, false) => processing is null ? TamperVerdict.Intact : TamperVerdict.GloballyProcessed,
        };
        var clues = new List<TamperClue> { IntegrityClue(integrity, typical, probability) };
        clues.AddRange(passive.Clues);
        var evidence = active ? TamperEvidence.Active : TamperEvidence.Passive;
        var explanation = TamperExplanation.Write(new ExplanationFacts(verdict, evidence, copyright, typical, regions, clues,
            suspect.Width, suspect.Height, processing));
        return new TamperReport(verdict, evidence, mask, regions, clues, explanation);
    }

    private static TamperClue IntegrityClue(IntegrityReading integrity, double typical, float[] probability)
    {
        var flagged = probability.Length == 0 ? 0 : probability.Count(p => p >= TamperMask.Threshold) / (double)probability.Length;
        var heat = new HeatMap(integrity.Cols, integrity.Rows, probability);
        var summary = typical < LayerPresent
            ? FormattableString.Invariant($"The integrity layer is not there (typical block score {typical:0.00}; an untouched protected copy scores ~1, an unprotected picture ~0.05).")
            : FormattableString.Invariant($"The integrity layer reads {typical:0.00} on a typical block (1 = untouched) and fails on {flagged:P1} of the blocks.");
        var confidence = Math.Clamp((typical - 0.2) / 0.5, 0, 1);
        return new TamperClue("integrity-layer", Math.Round(flagged > 0 ? Math.Max(0.5, probability.Max()) : 0, 3), Math.Round(confidence, 2), summary) { Heat = heat };
    }

    /// <summary>
    /// Without the layer: cells where at least two passive clues agree strongly. Deliberately conservative, since
    /// each clue alone also lights up on ordinary texture.
    /// </summary>
    private static TamperMask PassiveMask(int width, int height, PassiveAnalysis passive)
    {
        var maps = passive.Clues.Where(c => c.Heat is not null && c.Confidence > 0).Select(c => c.Heat!).ToList();
        if (maps.Count < 2)
            return TamperMask.Empty(width, height);
        int cols = maps[0].Cols, rows = maps[0].Rows;
        var combined = new float[cols * rows];
        for (var n = 0; n < combined.Length; n++)
        {
            var sorted = maps.Select(m => m.Values[n]).OrderDescending().ToArray();
            combined[n] = sorted[1]; // second strongest: two clues must agree
        }
        return new TamperMask(width, height, cols, rows, combined);
    }
}
