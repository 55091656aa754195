using Protect.Domain.Attribution;
using Protect.Domain.Errors;
using Protect.Web.Api;
using Protect.Web.Components.Shared;
using Protect.Web.Services;

namespace Protect.Web.Components.Pages;

/// <summary>Register generators, add their samples, train model versions and attribute images, with live progress.</summary>
public sealed partial class Generators : LivePage
{
    private static readonly int MinimumSamples = Generator.MinimumSamples;
    private GeneratorsOverview _overview = new([], null);
    private AttributionResponse? _prediction;
    private Guid? _predictionId;
    private Guid? _selected;
    private string _newName = "";
    private string? _error;
    private bool _working;

    private GeneratorResponse? SelectedGenerator => _overview.Generators.FirstOrDefault(g => g.Id == _selected);

    private bool Training => _overview.LatestModel?.Status is "queued" or "training";

    protected override async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        _overview = await Runner.RunAsync<AttributionService, GeneratorsOverview>(s => s.OverviewAsync(OwnerId, cancellationToken));
        if (_predictionId is { } id)
            _prediction = await Runner.RunAsync<AttributionService, AttributionResponse>(async s =>
                AttributionResponse.From(await s.GetAttributionAsync(OwnerId, id, cancellationToken)));
        return Training || _prediction?.Status is "queued" or "processing";
    }

    private Task RegisterAsync() => RunAsync(async () =>
    {
        var generator = await Runner.RunAsync<AttributionService, Generator>(s => s.RegisterAsync(OwnerId, _newName, CancellationToken.None));
        _newName = "";
        _selected = generator.Id;
    });

    private Task TrainAsync() => RunAsync(() => Runner.RunAsync<AttributionService, AttributionModelVersion>(s => s.QueueTrainingAsync(OwnerId, CancellationToken.None)));

    private async Task AddSampleAsync(string fileName, Stream content)
    {
        if (_selected is not { } id) return;
        await Runner.RunAsync<AttributionService, Generator>(s => s.AddSamplesAsync(OwnerId, id, [(fileName, () => content)], CancellationToken.None));
        await RefreshAsync();
    }

    private async Task AttributeAsync(string fileName, Stream content)
    {
        var request = await Runner.RunAsync<AttributionService, AttributionRequest>(s => s.CreateAttributionAsync(OwnerId, fileName, content, CancellationToken.None));
        _predictionId = request.Id;
        await RefreshAsync();
    }

    /// <summary>Runs a form action; a refused request shows its reason on the page.</summary>
    private async Task RunAsync(Func<Task> action)
    {
        _working = true;
        _error = null;
        try
        {
            await action();
        }
        catch (DomainException e)
        {
            _error = $"{e.Title}: {e.Message}";
        }
        finally
        {
            _working = false;
        }
        await RefreshAsync();
    }
}
