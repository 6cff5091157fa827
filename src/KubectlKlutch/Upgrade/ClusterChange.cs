using KubectlKlutch.Preflight;

namespace KubectlKlutch.Upgrade;

/// <summary>
/// What the pipeline decided for one cluster before anything is written, as a value: planned,
/// already current, or why not (not present, refused, blocked, forbidden, not reachable). One
/// cluster and each member of a fleet get the same verdict; the caller switches on it.
/// </summary>
public sealed record ClusterChange
{
    public required ClusterResult Result { get; init; }
    /// <summary>Why the cluster is not planned, in one sentence.</summary>
    public string? Reason { get; init; }
    /// <summary>The plan; absent when none could be made (not present, refused, not reachable).</summary>
    public UpgradePlan? Plan { get; init; }
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Something is to be patched: only then is a confirmation asked for (following a rollout writes nothing).</summary>
    public bool Writes => Result == ClusterResult.Planned && Plan!.Steps.Any(s => !s.UpToDate);

    public IReadOnlyList<string> Blockers => [.. Findings.Where(f => f.Blocks).Select(f => f.Id).Distinct()];

    public static ClusterChange Not(ClusterResult result, string reason) => new() { Result = result, Reason = reason };

    /// <summary>The report of a plan that is not run: a client dry run, a refusal, or nothing to do.</summary>
    public UpgradeReport Report() =>
        new(Plan!, Findings, Result == ClusterResult.Current ? [.. Plan!.Steps.Select(StepOutcome.AlreadyCurrent)] : [], []);
}
