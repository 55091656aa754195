using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Protect.Domain.Imaging;
using Protect.Infrastructure;
using Protect.Infrastructure.Data;
using Protect.Web.Api;
using Protect.Web.Auth;
using Protect.Web.Components;
using Protect.Web.Services;
using Scalar.AspNetCore;

namespace Protect.Web;

public static class WebExtensions
{
    /// <summary>Portal, REST API, authentication and problem details.</summary>
    public static WebApplicationBuilder AddProtectWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddProblemDetails();
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.AddOpenApi();
        services.AddScoped<MediaIntake>();
        services.AddScoped<UploadService>();
        services.AddScoped<AttributionService>();
        services.AddScoped<AssetQueries>();
        services.AddSingleton<ScopedRunner>();

        new IdentityBuilder(typeof(ProtectUser), typeof(Microsoft.AspNetCore.Identity.IdentityRole), services).AddSignInManager();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = ApiPolicies.SmartScheme;
                o.DefaultChallengeScheme = ApiPolicies.SmartScheme;
            })
            .AddPolicyScheme(ApiPolicies.SmartScheme, "API key or cookie", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(ConfigureCookie);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.ApiKey, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());

        // The byte limit is enforced while reading; Kestrel's own cap sits just above it to cut off runaway bodies.
        services.AddOptions<FormOptions>().Configure<IOptions<MediaLimitsOptions>>((form, limits) =>
            form.MultipartBodyLengthLimit = limits.Value.MaxUploadBytes + 1024 * 1024);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var limit = context.Configuration.GetSection(MediaLimitsOptions.SectionName).Get<MediaLimitsOptions>() ?? new MediaLimitsOptions();
            kestrel.Limits.MaxRequestBodySize = limit.MaxUploadBytes + 1024 * 1024;
        });
        return builder;
    }

    private static void ConfigureCookie(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions options)
    {
        options.LoginPath = "/account/login";
        options.Cookie.Name = "protect.auth";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Events.OnRedirectToLogin = ctx => ctx.Request.Path.StartsWithSegments("/api")
            ? ProblemResponses.WriteAsync(ctx.HttpContext, 401, "Authentication required", $"Send a valid API key in the {ApiKeyAuthenticationHandler.HeaderName} header.")
            : RedirectAsync(ctx.Response, ctx.RedirectUri);
        options.Events.OnRedirectToAccessDenied = ctx => ctx.Request.Path.StartsWithSegments("/api")
            ? ProblemResponses.WriteAsync(ctx.HttpContext, 403, "Forbidden", "You may not do that.")
            : RedirectAsync(ctx.Response, "/");
    }

    private static Task RedirectAsync(HttpResponse response, string uri)
    {
        response.Redirect(uri);
        return Task.CompletedTask;
    }

    public static WebApplication MapProtectWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("Protect API"));
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapAssets();
        api.MapVerifications();
        api.MapGenerators();
        api.MapAttributions();
        app.MapAccount();
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        // Endpoint authorization sends anonymous visitors to sign in; the filter stays as a second line of defence.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new AdminDashboardFilter()], AppPath = "/" })
            .RequireAuthorization(p => p.RequireRole(ProtectUser.AdminRole));

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
