using Microsoft.EntityFrameworkCore;
using Protect.Domain.Access;
using Protect.Domain.Errors;
using Protect.Infrastructure.Data;

namespace Protect.Infrastructure.Access;

/// <summary>API keys of one owner: issue (the secret is shown once), list, revoke.</summary>
public sealed class ApiKeyService(ProtectDbContext db, TimeProvider clock)
{
    public async Task<(ApiKey Key, string Secret)> IssueAsync(string ownerId, string name, CancellationToken cancellationToken)
    {
        var issued = ApiKey.Issue(ownerId, name, clock.GetUtcNow().UtcDateTime);
        db.ApiKeys.Add(issued.Key);
        await db.SaveChangesAsync(cancellationToken);
        return issued;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(string ownerId, CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking().Where(k => k.OwnerId == ownerId).OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);

    public async Task RevokeAsync(string ownerId, Guid id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && k.OwnerId == ownerId, cancellationToken)
            ?? throw new ResourceNotFoundException("API key", id.ToString());
        key.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The active key with this secret, or null. Records when it was last used.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(ApiKey.Prefix, StringComparison.Ordinal) || secret.Length > 100) return null;
        var hash = ApiKey.HashSecret(secret);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, cancellationToken);
        if (key is null) return null;
        if (key.MarkUsed(clock.GetUtcNow().UtcDateTime))
            await db.SaveChangesAsync(cancellationToken);
        return key;
    }
}
