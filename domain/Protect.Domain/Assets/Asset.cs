namespace Protect.Domain.Assets;

public enum AssetKind { Image, Video, Audio, Splat }

public enum AssetStatus { Queued, Processing, Protected, Failed }

/// <summary>
/// A work an owner uploaded. It carries a random 64-bit watermark ID that the protected copy embeds; the ID is the
/// link from a suspect copy back to this asset. State changes only through the methods below.
/// </summary>
public sealed class Asset
{
    private Asset() { }

    public Guid Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public AssetKind Kind { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long SizeBytes { get; private set; }
    public int Width { get; private set; }
    public int Height { get; private set; }
    public WatermarkId WatermarkId { get; private set; }
    public string OriginalBlob { get; private set; } = "";
    public string OriginalSha256 { get; private set; } = "";
    public string? ProtectedBlob { get; private set; }
    public string? ProtectedSha256 { get; private set; }
    public string? DifferenceBlob { get; private set; }
    public AssetStatus Status { get; private set; }
    public int Progress { get; private set; }
    public double? Psnr { get; private set; }
    public double? Ssim { get; private set; }
    /// <summary>Video and audio: signal-to-mark ratio of the soundtrack, in dB (null without a marked soundtrack).</summary>
    public double? AudioSnrDb { get; private set; }
    public string? Error { get; private set; }
    /// <summary>Text the owner asked to hide in a 3DGS scene beside the ID; read back only for the owner.</summary>
    public string? HiddenMessage { get; private set; }
    /// <summary>256-bit perceptual hash of the original (64 hex), so copies that lost the mark are still found.</summary>
    public string? PerceptualHash { get; private set; }
    /// <summary>The hash's quality (0–100): low on flat images, whose hashes match too easily to be trusted.</summary>
    public int? HashQuality { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static Asset Create(Guid id, string ownerId, AssetKind kind, string fileName, MediaFacts facts, WatermarkId watermarkId, string originalBlob, string originalSha256, DateTime now, string? hiddenMessage = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
        ArgumentNullException.ThrowIfNull(facts);
        return new Asset
        {
            Id = id, OwnerId = ownerId, Kind = kind, FileName = fileName, ContentType = facts.ContentType,
            SizeBytes = facts.SizeBytes, Width = facts.Width, Height = facts.Height, WatermarkId = watermarkId,
            OriginalBlob = originalBlob, OriginalSha256 = originalSha256, Status = AssetStatus.Queued,
            CreatedAt = now, UpdatedAt = now, HiddenMessage = hiddenMessage,
        };
    }

    /// <summary>Starts (or restarts, after a crash or retry) processing. A protected asset stays protected.</summary>
    public bool TryStartProcessing(DateTime now)
    {
        if (Status == AssetStatus.Protected) return false;
        Status = AssetStatus.Processing;
        Error = null;
        UpdatedAt = now;
        return true;
    }

    public void ReportProgress(int percent, DateTime now)
    {
        Progress = Math.Clamp(percent, Progress, 100);
        UpdatedAt = now;
    }

    /// <param name="psnr">Images and 3DGS: RGB PSNR of the delivered file; video: Y-PSNR of the marked frames; audio: null.</param>
    /// <param name="ssim">Images and 3DGS only.</param>
    public void MarkProtected(string protectedBlob, string protectedSha256, string? differenceBlob, double? psnr, double? ssim, DateTime now, double? audioSnrDb = null)
    {
        AudioSnrDb = audioSnrDb;
        ProtectedBlob = protectedBlob;
        ProtectedSha256 = protectedSha256;
        DifferenceBlob = differenceBlob;
        Psnr = psnr;
        Ssim = ssim;
        Status = AssetStatus.Protected;
        Progress = 100;
        Error = null;
        UpdatedAt = now;
    }

    public void RecordPerceptualHash(string hashHex, int quality)
    {
        if (hashHex is not { Length: 64 } || !hashHex.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("A perceptual hash is 64 lowercase hex characters.", nameof(hashHex));
        PerceptualHash = hashHex;
        HashQuality = Math.Clamp(quality, 0, 100);
    }

    public void MarkFailed(string error, DateTime now)
    {
        if (Status == AssetStatus.Protected) return;
        Status = AssetStatus.Failed;
        Error = error;
        UpdatedAt = now;
    }
}

/// <summary>What the upload check learned about a file before anything was stored.</summary>
public sealed record MediaFacts(string ContentType, string Extension, long SizeBytes, int Width, int Height);
