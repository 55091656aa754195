using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Protect.Infrastructure.Data;

namespace Protect.Web.Auth;

/// <summary>
/// Form posts behind the static sign-in and sign-up pages. They set the cookie (which an interactive circuit
/// cannot) and redirect; errors go back to the form as a query string message.
/// </summary>
public static class AccountEndpoints
{
    public static void MapAccount(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account").ExcludeFromDescription();
        group.MapPost("/login", Login);
        group.MapPost("/register", Register);
        group.MapPost("/logout", Logout);
    }

    public static async Task<IResult> Login([FromForm] string email, [FromForm] string password, [FromForm] string? returnUrl, SignInManager<ProtectUser> signIn)
    {
        var result = await signIn.PasswordSignInAsync(email?.Trim() ?? "", password ?? "", isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded) return TypedResults.LocalRedirect(SafeReturn(returnUrl));
        var error = result.IsLockedOut ? "Too many attempts; try again later." : "Wrong email or password.";
        return TypedResults.LocalRedirect($"/account/login?error={Uri.EscapeDataString(error)}&returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}");
    }

    public static async Task<IResult> Register([FromForm] string email, [FromForm] string password, UserManager<ProtectUser> users, SignInManager<ProtectUser> signIn)
    {
        var user = new ProtectUser { UserName = email?.Trim(), Email = email?.Trim() };
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded)
        {
            var error = string.Join(" ", created.Errors.Select(e => e.Description));
            return TypedResults.LocalRedirect($"/account/register?error={Uri.EscapeDataString(error)}");
        }
        await signIn.SignInAsync(user, isPersistent: true);
        return TypedResults.LocalRedirect("/");
    }

    public static async Task<IResult> Logout(SignInManager<ProtectUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }

    private static string SafeReturn(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/";
}
