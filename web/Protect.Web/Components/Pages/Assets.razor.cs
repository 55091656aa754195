using Protect.Web.Api;
using Protect.Web.Components.Shared;
using Protect.Web.Services;

namespace Protect.Web.Components.Pages;

/// <summary>The owner's library: upload new images and watch them get protected.</summary>
public sealed partial class Assets : LivePage
{
    private const int PageSize = 60;
    private IReadOnlyList<AssetResponse> _items = [];
    private int _total;

    protected override async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var (items, total) = await Runner.RunAsync<AssetQueries, (IReadOnlyList<Protect.Domain.Assets.Asset>, int)>(
            q => q.ListAsync(OwnerId, 1, PageSize, cancellationToken));
        _items = items.Select(AssetResponse.From).ToList();
        _total = total;
        return _items.Any(a => a.Status is "queued" or "processing");
    }

    private async Task UploadAsync(string fileName, Stream content)
    {
        await Runner.RunAsync<UploadService, Protect.Domain.Assets.Asset>(u => u.CreateAssetAsync(OwnerId, fileName, content, CancellationToken.None));
        await RefreshAsync();
    }
}
