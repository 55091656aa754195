using Protect.Domain.Forensics;
using Protect.Domain.Storage;
using Protect.Domain.Verifications;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Protect.Workers.Jobs;

/// <summary>
/// Stores what a person needs to see a tamper analysis: the thresholded mask, the suspect with the mask overlaid
/// and each clue's heat map, as PNGs of the suspect's size beside the suspect; returns the summary to record.
/// </summary>
internal static class TamperEvidence
{
    /// <summary>Overlays of very large suspects are shown scaled down; the mask PNG keeps the suspect's size.</summary>
    private const int MaxOverlaySide = 2048;

    public static async Task<TamperSummary> StoreAsync(IBlobStore blobs, Guid verificationId, Image<Rgba32> suspect, TamperReport report, CancellationToken cancellationToken)
    {
        await WriteAsync(blobs, TamperSummary.BlobNames.Mask(verificationId), s => MaskImages.WriteMask(report.Mask, s), cancellationToken);
        await WriteAsync(blobs, TamperSummary.BlobNames.Overlay(verificationId), s =>
        {
            using var overlay = MaskImages.Overlay(suspect, report.Mask);
            var scale = Math.Min(1.0, MaxOverlaySide / (double)Math.Max(overlay.Width, overlay.Height));
            if (scale < 1)
                overlay.Mutate(x => x.Resize((int)(overlay.Width * scale), (int)(overlay.Height * scale)));
            overlay.SaveAsPng(s);
        }, cancellationToken);
        foreach (var clue in report.Clues.Where(c => c.Heat is not null))
            await WriteAsync(blobs, TamperSummary.BlobNames.Heat(verificationId, clue.Name),
                s => MaskImages.WriteHeat(clue.Heat!, suspect.Width, suspect.Height, s), cancellationToken);
        return new TamperSummary(
            report.Verdict.ToString(), report.Evidence.ToString(), Math.Round(report.TamperedPercent, 2),
            report.Regions.Select(r => new TamperRegionSummary(r.X, r.Y, r.W, r.H, Math.Round(r.AreaPercent, 2), Math.Round(r.Score, 3))).ToList(),
            report.Clues.Select(c => new TamperClueSummary(c.Name, c.Score, c.Confidence, c.Summary, c.Heat is not null)).ToList(),
            report.Explanation);
    }

    private static async Task WriteAsync(IBlobStore blobs, string name, Action<Stream> render, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        render(buffer);
        buffer.Position = 0;
        await blobs.WriteAsync(name, buffer, "image/png", cancellationToken);
    }
}
