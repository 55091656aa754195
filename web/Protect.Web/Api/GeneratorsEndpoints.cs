using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Protect.Domain.Errors;
using Protect.Web.Auth;
using Protect.Web.Services;

namespace Protect.Web.Api;

/// <summary>Generators an owner registers for attribution, their samples and the model versions trained on them.</summary>
public static class GeneratorsEndpoints
{
    public static RouteGroupBuilder MapGenerators(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/generators").WithTags("Attribution");
        group.MapPost("/", Register).RequireAuthorization(ApiPolicies.ApiKey).ProducesProblem(400)
            .WithSummary("Register a generator by name; then add at least 20 sample images.");
        group.MapGet("/", List).WithSummary("The caller's generators and the latest model version.");
        group.MapPost("/{id:guid}/samples", AddSamples).RequireAuthorization(ApiPolicies.ApiKey).DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data").ProducesProblem(400).ProducesProblem(404).ProducesProblem(413)
            .WithSummary("Add sample images made by the generator (multipart fields `files`).");
        group.MapPost("/training", Train).RequireAuthorization(ApiPolicies.ApiKey).ProducesProblem(400)
            .WithSummary("Train a new model version: learns the generators the last version lacks, incrementally.");
        group.MapGet("/models", Models).WithSummary("Model versions, newest first, with per-class accuracy.");
        group.MapGet("/models/{id:guid}", Model).ProducesProblem(404).WithSummary("One model version and its training progress.");
        return group;
    }

    public static async Task<Created<GeneratorResponse>> Register(RegisterGeneratorRequest body, ClaimsPrincipal user, AttributionService service, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        var generator = await service.RegisterAsync(user.OwnerId(), body.Name, ct);
        return TypedResults.Created($"/api/v1/generators/{generator.Id}", GeneratorResponse.From(generator, null));
    }

    public static async Task<Ok<GeneratorsOverview>> List(ClaimsPrincipal user, AttributionService service, CancellationToken ct) =>
        TypedResults.Ok(await service.OverviewAsync(user.OwnerId(), ct));

    public static async Task<Ok<GeneratorResponse>> AddSamples(Guid id, HttpRequest request, ClaimsPrincipal user, AttributionService service, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw new InvalidRequestException("Expected multipart/form-data", "Send the samples as multipart/form-data in fields named `files`.");
        var form = await request.ReadFormAsync(ct);
        var files = form.Files.Select(f => (FileName: (string?)f.FileName, Open: (Func<Stream>)f.OpenReadStream)).ToList();
        var generator = await service.AddSamplesAsync(user.OwnerId(), id, files, ct);
        return TypedResults.Ok(GeneratorResponse.From(generator, null));
    }

    public static async Task<Accepted<ModelVersionResponse>> Train(ClaimsPrincipal user, AttributionService service, CancellationToken ct)
    {
        var model = await service.QueueTrainingAsync(user.OwnerId(), ct);
        return TypedResults.Accepted($"/api/v1/generators/models/{model.Id}", ModelVersionResponse.From(model));
    }

    public static async Task<Ok<ModelVersionResponse[]>> Models(ClaimsPrincipal user, AttributionService service, CancellationToken ct) =>
        TypedResults.Ok((await service.ListModelsAsync(user.OwnerId(), ct)).Select(ModelVersionResponse.From).ToArray());

    public static async Task<Ok<ModelVersionResponse>> Model(Guid id, ClaimsPrincipal user, AttributionService service, CancellationToken ct) =>
        TypedResults.Ok(ModelVersionResponse.From(await service.GetModelAsync(user.OwnerId(), id, ct)));
}
