using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Protect.Domain.Errors;
using Protect.Web.Auth;
using Protect.Web.Services;

namespace Protect.Web.Api;

public static class AssetsEndpoints
{
    public static RouteGroupBuilder MapAssets(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/assets").WithTags("Assets");
        group.MapPost("/", Upload).RequireAuthorization(ApiPolicies.ApiKey).DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(400).ProducesProblem(413).WithSummary("Upload a work to protect (multipart field `file`; for 3DGS scenes an optional field `message` hides up to 1 KB of text).");
        group.MapGet("/", List).WithSummary("The caller's assets, newest first.");
        group.MapGet("/{id:guid}", Get).ProducesProblem(404).WithSummary("One asset with its status, progress and metrics.");
        group.MapGet("/{id:guid}/original", (Guid id, ClaimsPrincipal user, AssetQueries q, CancellationToken ct) => File(id, user, q, AssetQueries.AssetFile.Original, ct))
            .WithName("GetOriginal").ProducesProblem(404).WithSummary("The uploaded original.");
        group.MapGet("/{id:guid}/protected", (Guid id, ClaimsPrincipal user, AssetQueries q, CancellationToken ct) => File(id, user, q, AssetQueries.AssetFile.Protected, ct))
            .WithName("GetProtected").ProducesProblem(404).WithSummary("The protected copy, in the uploaded format.");
        group.MapGet("/{id:guid}/difference", (Guid id, ClaimsPrincipal user, AssetQueries q, CancellationToken ct) => File(id, user, q, AssetQueries.AssetFile.Difference, ct))
            .WithName("GetDifference").ProducesProblem(404).WithSummary("PNG of the amplified difference between original and protected copy.");
        group.MapGet("/{id:guid}/preview/{which}", Preview).WithName("GetPreview").ProducesProblem(404)
            .WithSummary("What a browser can show of the original or protected work (`original` or `protected`): the image itself, or a rendered view of a 3DGS scene.");
        return group;
    }

    public static Task<FileStreamHttpResult> Preview(Guid id, string which, ClaimsPrincipal user, AssetQueries queries, CancellationToken ct) => which switch
    {
        "original" => File(id, user, queries, AssetQueries.AssetFile.PreviewOriginal, ct),
        "protected" => File(id, user, queries, AssetQueries.AssetFile.PreviewProtected, ct),
        _ => throw new ResourceNotFoundException("preview", which),
    };

    public static async Task<Accepted<AssetAccepted>> Upload(HttpRequest request, ClaimsPrincipal user, UploadService uploads, CancellationToken ct)
    {
        var file = await UploadedFile.ReadAsync(request, ct);
        await using var content = file.OpenReadStream();
        var message = request.Form["message"].ToString();
        var asset = await uploads.CreateAssetAsync(user.OwnerId(), file.FileName, content, ct, message);
        var response = AssetResponse.From(asset);
        return TypedResults.Accepted($"/api/v1/assets/{asset.Id}", new AssetAccepted(asset.Id, response.Kind, response.Status, asset.FileName));
    }

    public static async Task<Ok<AssetPage>> List(ClaimsPrincipal user, AssetQueries queries, CancellationToken ct, [FromQuery] int page = 1, [FromQuery] int pageSize = 20)
    {
        var (items, total) = await queries.ListAsync(user.OwnerId(), page, pageSize, ct);
        return TypedResults.Ok(new AssetPage(items.Select(AssetResponse.From).ToList(), Math.Max(1, page), Math.Clamp(pageSize, 1, AssetQueries.MaxPageSize), total));
    }

    public static async Task<Ok<AssetResponse>> Get(Guid id, ClaimsPrincipal user, AssetQueries queries, CancellationToken ct) =>
        TypedResults.Ok(AssetResponse.From(await queries.GetAsync(user.OwnerId(), id, ct)));

    public static async Task<FileStreamHttpResult> File(Guid id, ClaimsPrincipal user, AssetQueries queries, AssetQueries.AssetFile which, CancellationToken ct)
    {
        var (content, type, name) = await queries.OpenFileAsync(user.OwnerId(), id, which, ct);
        return TypedResults.File(content, type, name, enableRangeProcessing: true);
    }
}

/// <summary>Reads the multipart field `file`, with clear problems for the usual mistakes.</summary>
internal static class UploadedFile
{
    public static async Task<IFormFile> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw new InvalidRequestException("Expected multipart/form-data", "Send the file as multipart/form-data in a field named `file`.");
        var form = await request.ReadFormAsync(ct);
        return form.Files.GetFile("file")
               ?? throw new InvalidRequestException("Missing file", "The multipart body has no field named `file`.");
    }
}
