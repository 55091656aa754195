using Protect.Domain.Imaging.Watermarking;
using Protect.Domain.Keys;

namespace Protect.Domain.Marking;

/// <summary>
/// The channel code shared with the image mark: 64-bit payload + 32-bit keyed check, K=7 rate-1/3 convolutional
/// code. Soft values accumulate across frames (video) or blocks (audio) so evidence grows with duration; the
/// keyed check makes a decode of noise pass with probability 2^-32 per attempt.
/// </summary>
public static class SoftCodeword
{
    /// <summary>Sub-key of the keyed check; the same for audio and video so one asset's two IDs are comparable.</summary>
    private const string CheckPurpose = "protect/av-mark/check/v1";

    public static int CodedBits { get; } = ConvolutionalCode.CodedLength(PayloadCodec.InfoBits);

    public static byte[] Encode(ulong payload, WatermarkKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ConvolutionalCode.Encode(PayloadCodec.ToBits(payload, key.Derive(CheckPurpose)));
    }

    /// <summary>Decodes accumulated soft values (positive = coded bit 1). <paramref name="attempts"/> multiplies the false-match probability.</summary>
    public static MarkReading Decode(ReadOnlySpan<float> soft, WatermarkKey key, int attempts = 1)
    {
        ArgumentNullException.ThrowIfNull(key);
        var info = ConvolutionalCode.Decode(soft, PayloadCodec.InfoBits);
        if (!PayloadCodec.TryReadBits(info, key.Derive(CheckPurpose), out var payload))
            return MarkReading.NotDetected;
        return new MarkReading(true, payload, MarkEstimator.Agreement(soft, ConvolutionalCode.Encode(info)).Confidence, attempts * PayloadCodec.FalseMatchProbability);
    }
}

/// <summary>
/// A detection, with the image engine's conventions: the payload only when the keyed check passed; Confidence is
/// the soft values' agreement with the re-encoded codeword (0 when not detected); FalseMatchProbability is 2^-32
/// per decode attempt, 1.0 when not detected.
/// </summary>
public sealed record MarkReading(bool Detected, ulong? Payload, double Confidence, double FalseMatchProbability)
{
    public static MarkReading NotDetected { get; } = new(false, null, 0, 1.0);
}
