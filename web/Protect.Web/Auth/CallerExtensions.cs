using System.Security.Claims;

namespace Protect.Web.Auth;

public static class CallerExtensions
{
    /// <summary>The owner ID of an authenticated caller (cookie or API key). Endpoints require authentication first.</summary>
    public static string OwnerId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ClaimTypes.NameIdentifier)
               ?? throw new InvalidOperationException("The caller is not authenticated.");
    }
}
