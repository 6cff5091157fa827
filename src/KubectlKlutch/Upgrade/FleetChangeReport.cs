using System.Text.Json.Serialization;

namespace KubectlKlutch.Upgrade;

/// <summary>What became of one cluster of a fleet change, from the plan to the end.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClusterResult>))]
public enum ClusterResult
{
    /// <summary>Already at the version and settled: nothing to do (running the command again resumes here).</summary>
    Current,
    /// <summary>The component is not in this cluster (an app cluster's konnector on a control plane).</summary>
    NotPresent,
    NotReachable,
    Forbidden,
    /// <summary>The plan was refused for this cluster: a downgrade, a digest pin, a version not in the registry.</summary>
    Refused,
    /// <summary>A blocking release check.</summary>
    Blocked,
    /// <summary>Will be changed (or would be, in a client dry run).</summary>
    Planned,
    Changed,
    DryRun,
    Failed,
    /// <summary>Not touched: an earlier cluster failed.</summary>
    NotStarted,
}

/// <summary>One cluster of `upgrade --contexts ... -o json`: the single-cluster report, and the cluster's result in the fleet.</summary>
public sealed record FleetClusterChange
{
    public required string Context { get; init; }
    public required string Server { get; init; }
    public required ClusterResult Result { get; init; }
    /// <summary>Why the cluster was skipped or failed, in one sentence.</summary>
    public string? Reason { get; init; }
    /// <summary>The plan, the checks' findings and, once run, each step's outcome; absent when no plan could be made.</summary>
    public UpgradeReport? Change { get; init; }

    /// <summary>Ends where the operator asked: changed, already there, or not a cluster this applies to.</summary>
    [JsonIgnore] public bool Fine => Result is ClusterResult.Current or ClusterResult.NotPresent or ClusterResult.Planned or ClusterResult.Changed or ClusterResult.DryRun;
}

public sealed record FleetChangeReport(IReadOnlyList<FleetClusterChange> Clusters, FleetChangeSummary Summary);

/// <summary>How many clusters ended how; exit 0 only when every one is fine.</summary>
public sealed record FleetChangeSummary(int Clusters, IReadOnlyDictionary<string, int> Results, bool Succeeded)
{
    public static FleetChangeSummary Of(IReadOnlyList<FleetClusterChange> clusters) =>
        new(clusters.Count,
            clusters.GroupBy(c => c.Result).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            clusters.All(c => c.Fine));
}
