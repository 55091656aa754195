using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Protect.Web.Services;

namespace Protect.Web.Components.Shared;

/// <summary>
/// Base of the signed-in pages: knows the caller's owner ID, runs every query in its own scope, and polls
/// <see cref="LoadAsync"/> once a second while it reports work in progress (only when interactive; the timer stops
/// when the work is done and when the page is left).
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _disposed = new();
    private Task? _polling;
    private bool _busy;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }
    [Inject] protected ScopedRunner Runner { get; set; } = default!;

    protected string OwnerId { get; private set; } = "";

    /// <summary>Set when a background refresh failed; the page shows it instead of stale data.</summary>
    protected string? LoadError { get; private set; }

    /// <summary>Reads the page's data; returns true while something shown is still queued or processing.</summary>
    protected abstract Task<bool> LoadAsync(CancellationToken cancellationToken);

    protected override async Task OnParametersSetAsync()
    {
        if (OwnerId.Length == 0 && AuthenticationState is not null)
            OwnerId = (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        await RefreshAsync();
    }

    /// <summary>Loads now, and keeps polling if something is still running.</summary>
    protected async Task RefreshAsync()
    {
        if (OwnerId.Length == 0 || _disposed.IsCancellationRequested) return;
        _busy = await LoadAsync(_disposed.Token);
        // Prerendering never polls, so no timer outlives a prerendered page.
        if (_busy && RendererInfo.IsInteractive) StartPolling();
        StateHasChanged();
    }

    private void StartPolling()
    {
        if (_polling is { IsCompleted: false } || _disposed.IsCancellationRequested) return;
        _polling = PollAsync(_disposed.Token);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (_busy && await timer.WaitForNextTickAsync(cancellationToken))
                await InvokeAsync(async () =>
                {
                    _busy = await LoadAsync(cancellationToken);
                    LoadError = null;
                    StateHasChanged();
                });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was left.
        }
#pragma warning disable CA1031 // A failed background refresh is shown on the page instead of tearing down the circuit.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await InvokeAsync(() =>
            {
                LoadError = "Live updates stopped: " + ex.Message + " Reload the page to try again.";
                StateHasChanged();
            });
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        // Cancel only: an upload that finishes after the page was left may still read the token, and a
        // cancellation-only source holds nothing that needs disposing.
        if (disposing) _disposed.Cancel();
    }
}
