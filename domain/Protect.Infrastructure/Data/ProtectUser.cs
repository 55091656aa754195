using Microsoft.AspNetCore.Identity;

namespace Protect.Infrastructure.Data;

/// <summary>An account: an owner of assets, or an admin.</summary>
public sealed class ProtectUser : IdentityUser
{
    public const string AdminRole = "admin";
}
