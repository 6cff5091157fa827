using KubectlKlutch.Preflight;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli;

/// <summary>Makes one cluster's plan from what was read there; refusals are exceptions, as for one cluster.</summary>
public delegate Task<PlannedChange> ClusterPlanner(ClusterRead read, CancellationToken ct);

/// <summary>The steps for one cluster and the release checks' findings about them.</summary>
public sealed record PlannedChange(IReadOnlyList<PlanStep> Steps, IReadOnlyList<Finding> Findings);

/// <summary>One cluster's plan, ready for the confirmation: who, where, what, and what the checks found.</summary>
public sealed record PreparedChange(ClusterRead Read, UpgradePlan Plan, IReadOnlyList<Finding> Findings)
{
    /// <summary>Everything is at the version and settled: nothing to patch or wait for.</summary>
    public bool Done => Plan.Steps.All(s => s.Done);

    /// <summary>Something is to be patched: only then is a confirmation asked for (following a rollout writes nothing).</summary>
    public bool Writes => Plan.Steps.Any(s => !s.UpToDate);

    public IReadOnlyList<string> Blockers => [.. Findings.Where(f => f.Blocks).Select(f => f.Id).Distinct()];

    public UpgradeReport AlreadyDone() =>
        new(Plan, Findings, [.. Plan.Steps.Select(s => new StepOutcome(s.Component, StepResult.UpToDate, $"already runs {s.To}"))], []);

    /// <summary>The plan alone, for a client dry run or a refusal.</summary>
    public UpgradeReport Planned() => new(Plan, Findings, [], []);
}
