using System.Text.Json.Serialization;

namespace KubectlKlutch.Upgrade;

[JsonConverter(typeof(JsonStringEnumConverter<StepResult>))]
public enum StepResult
{
    Upgraded,
    UpToDate,
    /// <summary>Patched without waiting (--wait=false).</summary>
    Patched,
    DryRun,
    Failed,
    TimedOut,
    Interrupted,
    RolledBack,
    NotStarted,
}

public sealed record StepOutcome(string Component, StepResult Result, string Message)
{
    public string? LastEvent { get; init; }
    /// <summary>The command that goes back, when the step changed the cluster and did not end well.</summary>
    public string? Rollback { get; init; }
    /// <summary>What the server stored (or, for --dry-run=server, would store) in the field.</summary>
    public string? Stored { get; init; }

    public bool Succeeded => Result is StepResult.Upgraded or StepResult.UpToDate or StepResult.Patched or StepResult.DryRun;
}

/// <summary>`upgrade -o json`: the plan and what became of each step.</summary>
public sealed record UpgradeReport(UpgradePlan Plan, IReadOnlyList<Preflight.Finding> Findings, IReadOnlyList<StepOutcome> Outcome, IReadOnlyList<string> FollowUps)
{
    /// <summary>Every step ended well (an empty outcome is a plan that was not run).</summary>
    [System.Text.Json.Serialization.JsonIgnore] public bool Succeeded => Outcome.All(o => o.Succeeded);
}
