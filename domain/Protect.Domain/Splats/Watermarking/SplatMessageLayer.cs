using Protect.Domain.Keys;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Splats.Watermarking;

public sealed record SplatMessageEmbedResult(int? TextCellExponent, string? ImageEncoding, int ImageBytes, double ImageRepetition);

/// <summary>What a key reads back: only CRC-verified text and images, never guessed ones. Dispose to free the image.</summary>
public sealed record SplatMessage(string? Text, Image<Rgb24>? Image) : IDisposable
{
    public void Dispose() => Image?.Dispose();
}

/// <summary>
/// Optional keyed hidden message on top of the ID mark: UTF-8 text (up to 1 KB) on one DC chroma axis and an RGB
/// image on the other. Both axes are orthogonal to grey, so the ID mark's lattice is untouched. Text is coded for
/// pruning and noise; the image is exact under reordering and float16 storage and reported otherwise.
/// </summary>
public sealed class SplatMessageLayer
{
    /// <summary>Text lattice step in display colour units: large enough to ride out 1% attribute noise.</summary>
    public float TextStep { get; init; } = 0.08f;

    /// <summary>Image lattice step in display colour units: far above float16 error of the DC term.</summary>
    public float ImageStep { get; init; } = 0.02f;

    public float Strength { get; init; } = 0.85f;

    public static int MaxTextBytes => SplatTextChannel.MaxBytes;

    public SplatMessageEmbedResult Embed(GaussianScene scene, WatermarkKey key, string? text, Image<Rgb24>? image)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(key);
        if (text is null && image is null) throw new ArgumentException("Give a text, an image or both.");
        int? exponent = text is null ? null : new SplatTextChannel(key, TextStep, Strength).Embed(scene, text);
        var embedded = image is null ? null : new SplatImageChannel(key, ImageStep, Strength).Embed(scene, image);
        return new SplatMessageEmbedResult(exponent, embedded?.Encoding, embedded?.Bytes ?? 0, embedded?.Repetition ?? 0);
    }

    public SplatMessage Extract(GaussianScene scene, WatermarkKey key)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(key);
        return new SplatMessage(new SplatTextChannel(key, TextStep, Strength).Extract(scene), new SplatImageChannel(key, ImageStep, Strength).Extract(scene));
    }
}
