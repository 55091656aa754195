using System.Collections.Concurrent;
using Protect.Domain.Storage;
using Protect.Ml.Attribution;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Workers.Jobs;

/// <summary>
/// Loads trained model versions from blob storage, keeping recently used ones in memory: a version never changes
/// once ready, so a cached copy is never stale. Predictions on one model are serialized (TorchSharp modules are
/// not thread-safe); different versions run in parallel.
/// </summary>
public sealed class AttributionModels(IBlobStore blobs)
{
    private const int MaxCached = 4;
    private readonly ConcurrentDictionary<string, Lazy<Task<AttributionModel>>> _cache = new(StringComparer.Ordinal);

    public async Task<AttributionPrediction> PredictAsync(string modelBlob, Image<Rgba32> image, CancellationToken cancellationToken)
    {
        var model = await GetAsync(modelBlob, cancellationToken);
        lock (model)
            return model.Predict(image);
    }

    public async Task<AttributionModel> GetAsync(string modelBlob, CancellationToken cancellationToken)
    {
        if (_cache.Count >= MaxCached && !_cache.ContainsKey(modelBlob))
            _cache.Clear(); // rare (a handful of versions per owner in use); models still referenced stay alive until used
        var lazy = _cache.GetOrAdd(modelBlob, name => new Lazy<Task<AttributionModel>>(() => LoadAsync(name, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.IsValueCreated && lazy.Value.IsFaulted)
        {
            _cache.TryRemove(modelBlob, out _); // let a retry load it again
            throw;
        }
    }

    private async Task<AttributionModel> LoadAsync(string name, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(name, cancellationToken);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        return AttributionModel.Load(copy);
    }
}
