using KubectlKlutch.TestCluster;
using KubectlKlutch.Tests.Integration;

namespace KubectlKlutch.Tests.Golden;

/// <summary>
/// Test clusters behind one kubeconfig, one context each, with the scrubber that names each
/// server after its context (so that a fleet's golden file says which member is which).
/// </summary>
public sealed class GoldenFleet : IAsyncDisposable
{
    private readonly Dictionary<string, TestApiServer> members;
    private readonly FleetKubeconfig kubeconfig;

    private GoldenFleet(Dictionary<string, TestApiServer> members)
    {
        this.members = members;
        kubeconfig = FleetKubeconfig.Write([.. members.Select(m => m.Value.As(m.Key))]);
        Scrubber = members.Aggregate(new Scrubber(), (s, m) => s.Server(m.Value, m.Key)).Kubeconfig(kubeconfig.Path);
    }

    public string KubeconfigPath => kubeconfig.Path;

    public Scrubber Scrubber { get; }

    public TestApiServer this[string context] => members[context];

    /// <summary>One cluster per (context, golden cluster name), the first being the current context.</summary>
    public static async Task<GoldenFleet> StartAsync(params (string Context, string Cluster)[] members)
    {
        var started = new Dictionary<string, TestApiServer>();
        foreach (var (context, cluster) in members) started[context] = await GoldenClusters.StartAsync(cluster);
        return new GoldenFleet(started);
    }

    public async ValueTask DisposeAsync()
    {
        kubeconfig.Dispose();
        foreach (var server in members.Values) await server.DisposeAsync();
    }
}
