using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Protect.Web.Auth;
using Protect.Web.Services;

namespace Protect.Web.Api;

/// <summary>Which of the caller's registered generators made an image; asynchronous like verifications.</summary>
public static class AttributionsEndpoints
{
    public static RouteGroupBuilder MapAttributions(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/attributions").WithTags("Attribution");
        group.MapPost("/", Create).RequireAuthorization(ApiPolicies.ApiKey).DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data").ProducesProblem(400).ProducesProblem(413)
            .WithSummary("Attribute an image to one of your generators (multipart field `file`) with the latest model.");
        group.MapGet("/{id:guid}", Get).ProducesProblem(404).WithSummary("The prediction: generator or real/unknown, probabilities, model version.");
        return group;
    }

    public static async Task<Accepted<AttributionAccepted>> Create(HttpRequest request, ClaimsPrincipal user, AttributionService service, CancellationToken ct)
    {
        var file = await UploadedFile.ReadAsync(request, ct);
        await using var content = file.OpenReadStream();
        var attribution = await service.CreateAttributionAsync(user.OwnerId(), file.FileName, content, ct);
        return TypedResults.Accepted($"/api/v1/attributions/{attribution.Id}", new AttributionAccepted(attribution.Id, attribution.ModelVersionId!.Value));
    }

    public static async Task<Ok<AttributionResponse>> Get(Guid id, ClaimsPrincipal user, AttributionService service, CancellationToken ct) =>
        TypedResults.Ok(AttributionResponse.From(await service.GetAttributionAsync(user.OwnerId(), id, ct)));
}
