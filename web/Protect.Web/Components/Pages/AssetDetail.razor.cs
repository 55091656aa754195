using Microsoft.AspNetCore.Components;
using Protect.Domain.Assets;
using Protect.Domain.Errors;
using Protect.Web.Api;
using Protect.Web.Components.Shared;
using Protect.Web.Services;

namespace Protect.Web.Components.Pages;

/// <summary>One asset: live progress, original beside protected copy, the difference image and quality numbers.</summary>
public sealed partial class AssetDetail : LivePage
{
    private AssetResponse? _asset;
    private bool _notFound;
    private bool _hasDifference;
    private int _width;
    private int _height;
    private long _size;

    [Parameter] public Guid Id { get; set; }

    private string FileUrl(string which) => $"/api/v1/assets/{Id}/{which}";

    private string PreviewUrl(string which) => $"/api/v1/assets/{Id}/preview/{which}";

    protected override async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var asset = await Runner.RunAsync<AssetQueries, Asset>(q => q.GetAsync(OwnerId, Id, cancellationToken));
            _asset = AssetResponse.From(asset);
            _hasDifference = asset.DifferenceBlob is not null;
            (_width, _height, _size) = (asset.Width, asset.Height, asset.SizeBytes);
            _notFound = false;
            return asset.Status is AssetStatus.Queued or AssetStatus.Processing;
        }
        catch (ResourceNotFoundException)
        {
            (_asset, _notFound) = (null, true);
            return false;
        }
    }
}
