using KubectlKlutch.Catalog;
using KubectlKlutch.Cli.Options;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube;
using KubectlKlutch.Output;
using KubectlKlutch.Status;

namespace KubectlKlutch.Cli;

/// <summary>Turns the kubectl flags into a connected client for the chosen context.</summary>
public static class ClusterSession
{
    public static ClusterTarget Target(ClusterOptions options)
    {
        var timeout = ClusterTarget.DefaultRequestTimeout;
        if (options.RequestTimeout is not null && (!Durations.TryParse(options.RequestTimeout, out timeout) || timeout <= TimeSpan.Zero))
            throw new UsageException($"--request-timeout {options.RequestTimeout} is not a duration: use a value such as 5s, 30s or 1m");
        return new ClusterTarget
        {
            Kubeconfig = options.Kubeconfig,
            Context = options.Context,
            Cluster = options.Cluster,
            User = options.User,
            Namespace = options.Namespace,
            RequestTimeout = timeout,
            As = options.As,
            AsGroups = [.. options.AsGroups],
            Verbosity = options.Verbosity,
        };
    }

    public static OutputFormat Format(ClusterOptions options) =>
        OutputFormats.TryParse(options.Output, out var format) ? format
            : throw new UsageException($"-o {options.Output} is not an output format: use table, wide, json or yaml");

    public static Kubeconfig LoadKubeconfig(ClusterTarget target, CliIo io) =>
        Kubeconfig.Load(target.Kubeconfig, io.Environment.GetValueOrDefault("KUBECONFIG"), io.Home);

    /// <param name="kubeconfig">Already loaded (a fleet loads it once for all its clusters), or null to load it now.</param>
    public static KubeClient Connect(ClusterTarget target, CliIo io, Kubeconfig? kubeconfig = null) =>
        new((kubeconfig ?? LoadKubeconfig(target, io)).Resolve(target), target, io.Err);

    /// <summary>Connects and reads the given catalog entries in one pass: what every cluster verb starts with.</summary>
    public static Task<ClusterRead> ReadAsync(ClusterOptions options, CliIo io, IEnumerable<Component> components, CancellationToken ct) =>
        ReadAsync(Target(options), null, io, components, ct);

    public static async Task<ClusterRead> ReadAsync(ClusterTarget target, Kubeconfig? kubeconfig, CliIo io, IEnumerable<Component> components, CancellationToken ct)
    {
        var client = Connect(target, io, kubeconfig);
        try
        {
            var reads = new SharedReads(client);
            var snapshot = await new InventoryReader(reads).ReadAsync(components, ct);
            return new ClusterRead(client, target, snapshot, StatusBuilder.Roles(snapshot), reads);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}

/// <summary>A connected client, one snapshot of the cluster, and the reads later checks share with it.</summary>
public sealed record ClusterRead(KubeClient Client, ClusterTarget Target, ClusterSnapshot Snapshot, IReadOnlyList<ClusterRole> Roles, SharedReads Reads) : IDisposable
{
    public string Context => Client.Context.Context;

    public void Dispose() => Client.Dispose();
}
