using KubectlKlutch.Bindings;
using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube;

namespace KubectlKlutch.Session;

/// <summary>A connected cluster and one snapshot of it: what every cluster verb starts from.</summary>
public sealed class ClusterRead : IDisposable
{
    private ClusterRead(KubeClient client, ClusterTarget target, ClusterSnapshot snapshot, SharedReads reads, BindingsView bindings)
    {
        Client = client;
        Target = target;
        Snapshot = snapshot;
        Reads = reads;
        Bindings = bindings;
    }

    internal KubeClient Client { get; }
    public ClusterTarget Target { get; }
    public ClusterSnapshot Snapshot { get; }
    /// <summary>The reads later checks share with the snapshot (the release rules read ProviderConfigs once).</summary>
    public SharedReads Reads { get; }
    /// <summary>Klutch's bindings, when asked for (status); <see cref="BindingsView.None"/> otherwise.</summary>
    public BindingsView Bindings { get; }

    public string Context => Client.Context.Context;
    public string Server => Client.Server;
    public string? User => Client.Context.User;

    /// <summary>
    /// Connects to the target's context and reads every catalog entry in one pass; with
    /// <paramref name="withBindings"/>, Klutch's bindings at the same time (one round trip, not two after it).
    /// </summary>
    public static async Task<ClusterRead> ReadAsync(ClusterTarget target, Kubeconfig kubeconfig, TextWriter log, CancellationToken ct, bool withBindings = false)
    {
        var client = Connect(target, kubeconfig, log);
        try
        {
            var reads = new SharedReads(client);
            var bindings = withBindings ? BindingsReader.ReadAsync(reads, target.Namespace, ct) : Task.FromResult(BindingsView.None);
            var snapshot = await new InventoryReader(reads, target.Namespace).ReadAsync(ComponentCatalog.All, ct);
            return new ClusterRead(client, target, snapshot, reads, await bindings);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    internal static KubeClient Connect(ClusterTarget target, Kubeconfig kubeconfig, TextWriter log) =>
        new(kubeconfig.Resolve(target), target, log);

    public void Dispose() => Client.Dispose();
}
