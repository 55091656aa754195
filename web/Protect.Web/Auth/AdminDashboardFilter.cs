using Hangfire.Dashboard;
using Protect.Infrastructure.Data;

namespace Protect.Web.Auth;

/// <summary>The Hangfire dashboard shows every job of every owner: admins only.</summary>
internal sealed class AdminDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User.IsInRole(ProtectUser.AdminRole);
}
