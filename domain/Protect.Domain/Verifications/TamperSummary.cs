namespace Protect.Domain.Verifications;

/// <summary>
/// The tamper analysis of an image suspect as stored with its verification: verdict, where, which clues and the
/// explanation. The masks and heat maps themselves are PNG blobs beside the suspect (see <see cref="BlobNames"/>).
/// </summary>
/// <param name="Verdict">intact, locally edited, globally processed or regenerated (the enum's name).</param>
/// <param name="Evidence">Active (the planted integrity layer decided) or Passive (clues only; weaker).</param>
public sealed record TamperSummary(
    string Verdict, string Evidence, double TamperedPercent, IReadOnlyList<TamperRegionSummary> Regions,
    IReadOnlyList<TamperClueSummary> Clues, string Explanation)
{
    public static class BlobNames
    {
        public static string Mask(Guid verificationId) => $"verifications/{verificationId:N}/mask.png";

        public static string Overlay(Guid verificationId) => $"verifications/{verificationId:N}/overlay.png";

        public static string Heat(Guid verificationId, string clue) => $"verifications/{verificationId:N}/heat-{clue}.png";
    }
}

public sealed record TamperRegionSummary(int X, int Y, int W, int H, double AreaPercent, double Score);

/// <param name="HasHeatMap">A heat-map PNG was stored for this clue.</param>
public sealed record TamperClueSummary(string Name, double Score, double Confidence, string Summary, bool HasHeatMap);
