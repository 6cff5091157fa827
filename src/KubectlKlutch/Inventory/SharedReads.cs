using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using KubectlKlutch.Kube;

namespace KubectlKlutch.Inventory;

/// <summary>
/// GETs shared by everything one command reads: the provider list serves both providers, and
/// a release check asked about several releases reads the ProviderConfigs once. A missing
/// object or an API that is not served gives null.
/// </summary>
public sealed class SharedReads(KubeClient client)
{
    private readonly ConcurrentDictionary<string, Task<object?>> reads = new();

    public KubeClient Client => client;

    public string Server => client.Server;

    public async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct) where T : class =>
        (T?)await reads.GetOrAdd(path, async p => await client.GetOrNullAsync(p, type, ct));
}
