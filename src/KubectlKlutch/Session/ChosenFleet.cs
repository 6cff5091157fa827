using KubectlKlutch.Fleet;
using KubectlKlutch.Kube;

namespace KubectlKlutch.Session;

/// <summary>The clusters a fleet command acts on, and the kubeconfig they were chosen from (loaded once).</summary>
public sealed record ChosenFleet(Kubeconfig Kubeconfig, ClusterTarget Template, IReadOnlyList<KnownContext> Members,
    IReadOnlyList<DuplicateContext> Duplicates, int MaxParallel, TextWriter Log)
{
    /// <summary>
    /// Chooses from the kubeconfig alone: a pattern that matches nothing or an unknown name is
    /// refused before any request. <paramref name="patterns"/> null means every context.
    /// </summary>
    public static ChosenFleet Choose(KubeconfigSource source, ClusterTarget template, IReadOnlyList<string>? patterns, string described, int maxParallel, TextWriter log)
    {
        var kubeconfig = source.Load();
        var selection = FleetSelection.Choose(kubeconfig.Contexts, patterns, described);
        // Members are connected concurrently: one without a CA of its own must be known before any handshake.
        var needy = selection.Members.Where(m => !kubeconfig.TrustsOwnRoots(m.Name, template.Cluster)).ToList();
        foreach (var member in needy)
            Net.MachineTrust.Need($"context \"{member.Name}\", whose cluster has no certificate-authority data,");
        // Decided here, on one thread: the environment is never changed while members connect concurrently.
        if (needy.Count == 0) Net.MachineTrust.NotNeeded();
        // Clusters are read concurrently; their request logs (-v=6) share one stream.
        return new ChosenFleet(kubeconfig, template, selection.Members, selection.Duplicates, maxParallel, TextWriter.Synchronized(log));
    }

    /// <summary>Connects to one member and reads every catalog entry, as a single-cluster verb does.</summary>
    public Task<ClusterRead> ReadAsync(KnownContext member, CancellationToken ct, bool withBindings = false) =>
        ClusterRead.ReadAsync(Template with { Context = member.Name }, Kubeconfig, Log, ct, withBindings);
}
