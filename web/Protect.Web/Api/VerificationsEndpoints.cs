using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Protect.Web.Auth;
using Protect.Web.Services;

namespace Protect.Web.Api;

public static class VerificationsEndpoints
{
    public static RouteGroupBuilder MapVerifications(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/verifications").WithTags("Verifications");
        group.MapPost("/", Create).RequireAuthorization(ApiPolicies.ApiKey).DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data").ProducesProblem(400).ProducesProblem(413)
            .WithSummary("Check a suspect file for a Protect watermark (multipart field `file`).");
        group.MapGet("/{id:guid}", Get).ProducesProblem(404).WithSummary("The verdict: detected, watermark ID, owner, confidence, tamper report, catalog matches, attribution.");
        group.MapGet("/{id:guid}/tamper/{which}", (Guid id, string which, ClaimsPrincipal user, AssetQueries q, CancellationToken ct) => TamperFile(id, which, null, user, q, ct))
            .ProducesProblem(404).WithSummary("Tamper images of an image suspect (`mask`: white = tampered, suspect's size; `overlay`: the suspect with the mask in red).");
        group.MapGet("/{id:guid}/tamper/heat/{clue}", (Guid id, string clue, ClaimsPrincipal user, AssetQueries q, CancellationToken ct) => TamperFile(id, "heat", clue, user, q, ct))
            .ProducesProblem(404).WithSummary("One clue's heat map (white = suspicious).");
        return group;
    }

    public static async Task<Accepted<VerificationAccepted>> Create(HttpRequest request, ClaimsPrincipal user, UploadService uploads, CancellationToken ct)
    {
        var file = await UploadedFile.ReadAsync(request, ct);
        await using var content = file.OpenReadStream();
        var verification = await uploads.CreateVerificationAsync(user.OwnerId(), file.FileName, content, ct);
        return TypedResults.Accepted($"/api/v1/verifications/{verification.Id}", new VerificationAccepted(verification.Id));
    }

    public static async Task<FileStreamHttpResult> TamperFile(Guid id, string which, string? clue, ClaimsPrincipal user, AssetQueries queries, CancellationToken ct)
    {
        var content = await queries.OpenTamperFileAsync(user.OwnerId(), id, which, clue, ct);
        return TypedResults.File(content, "image/png");
    }

    public static async Task<Ok<VerificationResponse>> Get(Guid id, ClaimsPrincipal user, AssetQueries queries, CancellationToken ct)
    {
        var verification = await queries.GetVerificationAsync(user.OwnerId(), id, ct);
        var matched = await queries.MatchedAssetAsync(verification, ct);
        var catalog = await queries.CatalogMatchesAsync(verification, ct);
        return TypedResults.Ok(VerificationResponse.From(verification, matched, user.OwnerId(), catalog));
    }
}
