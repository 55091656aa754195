namespace Protect.Domain.Attribution;

/// <summary>
/// A generation method an owner registered (a fine-tuned model, a LoRA, a pipeline) so that images it made can be
/// attributed to it. Its samples are stored as blobs; a training run turns them into a class of the owner's model.
/// </summary>
public sealed class Generator
{
    /// <summary>A class needs this many samples before a model may learn it: fewer give no usable fingerprint.</summary>
    public const int MinimumSamples = 20;

    public const int MaxNameLength = 100;

    private Generator() { }

    public Guid Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public int SampleCount { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public bool HasEnoughSamples => SampleCount >= MinimumSamples;

    public static Generator Create(Guid id, string ownerId, string name, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
        return new Generator { Id = id, OwnerId = ownerId, Name = NormalizeName(name), CreatedAt = now, UpdatedAt = now };
    }

    public void AddSamples(int count, DateTime now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        SampleCount += count;
        UpdatedAt = now;
    }

    /// <summary>Trimmed, non-empty, printable and short: it is a class label shown in reports and the portal.</summary>
    public static string NormalizeName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
            throw new Errors.InvalidRequestException("Invalid generator name",
                $"A generator name is 1 to {MaxNameLength} printable characters.");
        return trimmed;
    }
}

/// <summary>One sample image of a generator, stored as a blob.</summary>
public sealed class GeneratorSample
{
    private GeneratorSample() { }

    public Guid Id { get; private set; }
    public Guid GeneratorId { get; private set; }
    public string Blob { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public static GeneratorSample Create(Guid id, Guid generatorId, string blob, DateTime now) =>
        new() { Id = id, GeneratorId = generatorId, Blob = blob, CreatedAt = now };

    /// <summary>
    /// Splits one class's samples: a fifth (at least two) is held out of training to measure per-class accuracy
    /// honestly. The order is by sample ID, so the split does not depend on upload order or timing.
    /// </summary>
    public static (IReadOnlyList<GeneratorSample> Training, IReadOnlyList<GeneratorSample> HeldOut) Split(IEnumerable<GeneratorSample> samples)
    {
        var ordered = samples.OrderBy(s => s.Id).ToList();
        var heldOut = Math.Min(ordered.Count / 2, Math.Max(2, ordered.Count / 5));
        return (ordered.Skip(heldOut).ToList(), ordered.Take(heldOut).ToList());
    }
}
