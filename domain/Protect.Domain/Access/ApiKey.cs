using System.Security.Cryptography;
using System.Text;

namespace Protect.Domain.Access;

/// <summary>
/// A REST credential. Only the SHA-256 of the secret is stored: the secret is 256 random bits, so a fast hash
/// is enough (no dictionary to attack) and lookups stay a single indexed read.
/// </summary>
public sealed class ApiKey
{
    public const string Prefix = "pk_";
    private ApiKey() { }

    public Guid Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>The first characters of the secret, safe to show so owners can tell keys apart.</summary>
    public string Hint { get; private set; } = "";
    public string Hash { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public DateTime? LastUsedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    /// <summary>Creates a key and returns its secret, which exists only in this return value.</summary>
    public static (ApiKey Key, string Secret) Issue(string ownerId, string name, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
        var secret = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = Guid.NewGuid(), OwnerId = ownerId, Name = string.IsNullOrWhiteSpace(name) ? "API key" : name.Trim(),
            Hint = secret[..(Prefix.Length + 6)], Hash = HashSecret(secret), CreatedAt = now,
        };
        return (key, secret);
    }

    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public void Revoke(DateTime now) => RevokedAt ??= now;

    /// <summary>How stale "last used" may get: recording every request would make every read a database write.</summary>
    public static readonly TimeSpan UsageResolution = TimeSpan.FromMinutes(1);

    /// <returns>True when the time moved enough to be worth saving.</returns>
    public bool MarkUsed(DateTime now)
    {
        if (LastUsedAt is { } last && now - last < UsageResolution) return false;
        LastUsedAt = now;
        return true;
    }
}
