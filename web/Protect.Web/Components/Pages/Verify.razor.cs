using Protect.Domain.Verifications;
using Protect.Web.Api;
using Protect.Web.Components.Shared;
using Protect.Web.Services;

namespace Protect.Web.Components.Pages;

/// <summary>Upload a suspect, watch the verdict arrive, and revisit recent checks.</summary>
public sealed partial class Verify : LivePage
{
    private const int RecentCount = 10;
    private Guid? _currentId;
    private Current? _current;
    private IReadOnlyList<RecentRow> _recent = [];

    protected override async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var recent = await Runner.RunAsync<AssetQueries, IReadOnlyList<Verification>>(q => q.RecentVerificationsAsync(OwnerId, RecentCount, cancellationToken));
        _recent = recent.Select(v => new RecentRow(v.Id, v.FileName, AssetResponse.Lower(v.Status), v.Detected == true, v.CreatedAt)).ToList();
        // Coming back to the page shows the latest verdict rather than an empty space.
        _currentId ??= _recent.FirstOrDefault()?.Id;
        if (_currentId is { } id)
            _current = await Runner.RunAsync<AssetQueries, Current>(async q =>
            {
                var v = await q.GetVerificationAsync(OwnerId, id, cancellationToken);
                var matched = await q.MatchedAssetAsync(v, cancellationToken);
                var catalog = await q.CatalogMatchesAsync(v, cancellationToken);
                return new Current(VerificationResponse.From(v, matched, OwnerId, catalog), v.FileName, v.Progress);
            });
        return _current?.Response.Status is "queued" or "processing" || _recent.Any(r => r.Status is "queued" or "processing");
    }

    private async Task UploadAsync(string fileName, Stream content)
    {
        var verification = await Runner.RunAsync<UploadService, Verification>(u => u.CreateVerificationAsync(OwnerId, fileName, content, CancellationToken.None));
        _currentId = verification.Id;
        await RefreshAsync();
    }

    private async Task ShowAsync(Guid id)
    {
        _currentId = id;
        await RefreshAsync();
    }

    private sealed record Current(VerificationResponse Response, string FileName, int Progress);

    private sealed record RecentRow(Guid Id, string FileName, string Status, bool Detected, DateTime CreatedAt);
}
