namespace Protect.Domain.Splats;

/// <summary>Limits checked from headers before anything is allocated from a declared count.</summary>
public sealed record SplatLimits
{
    public const int DefaultMaxGaussians = 10_000_000;

    public int MaxGaussians { get; init; } = DefaultMaxGaussians;

    public static SplatLimits Default { get; } = new();
}
