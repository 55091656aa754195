using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Protect.Domain.Access;
using Protect.Infrastructure.Access;
using Protect.Web.Components.Shared;

namespace Protect.Web.Components.Pages;

/// <summary>Issue (secret shown once), list and revoke the owner's REST API keys.</summary>
public sealed partial class ApiKeys : LivePage
{
    private IReadOnlyList<ApiKey> _keys = [];
    private string _newName = "";
    private bool _creating;
    private string? _secret;
    private string? _secretName;
    private bool _copied;
    private bool _copyFailed;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    protected override async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        _keys = await Runner.RunAsync<ApiKeyService, IReadOnlyList<ApiKey>>(s => s.ListAsync(OwnerId, cancellationToken));
        return false;
    }

    private async Task CreateAsync()
    {
        if (_creating) return;
        _creating = true;
        try
        {
            var (key, secret) = await Runner.RunAsync<ApiKeyService, (ApiKey, string)>(s => s.IssueAsync(OwnerId, _newName, CancellationToken.None));
            (_secret, _secretName, _copied, _copyFailed, _newName) = (secret, key.Name, false, false, "");
            await RefreshAsync();
        }
        finally
        {
            _creating = false;
        }
    }

    private async Task CopyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", _secret);
            (_copied, _copyFailed) = (true, false);
        }
        catch (JSException)
        {
            _copyFailed = true;
        }
    }

    private async Task RevokeAsync(ApiKey key)
    {
        if (!await JS.InvokeAsync<bool>("confirm", $"Revoke the key \"{key.Name}\"? Anything using it stops working at once.")) return;
        await Runner.RunAsync<ApiKeyService>(s => s.RevokeAsync(OwnerId, key.Id, CancellationToken.None));
        await RefreshAsync();
    }
}
