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
    /// <summary>Someone else put the field back while it was followed: nothing to roll back.</summary>
    Reverted,
    TimedOut,
    Interrupted,
    RolledBack,
    NotStarted,
}

/// <summary>
/// What became of one step, as facts: the result, the follower's last word, what the server
/// stored. <see cref="Message"/> and <see cref="Rollback"/> are the sentences people and
/// scripts read; the output layer writes them (Output/OutcomeText) from these facts.
/// </summary>
public sealed record StepOutcome(string Component, StepResult Result)
{
    public string Message { get; init; } = "";
    public string? LastEvent { get; init; }
    /// <summary>The command that goes back, when the run changed the step and did not end well.</summary>
    public string? Rollback { get; init; }
    /// <summary>What the server stored (or, for --dry-run=server, would store) in the field.</summary>
    public string? Stored { get; init; }

    /// <summary>The follower's (or the applier's) own account: why it failed, how it ended.</summary>
    [JsonIgnore] public string Detail { get; init; } = "";
    /// <summary>This run patched the step, so going back is this run's business.</summary>
    [JsonIgnore] public bool Changed { get; init; }
    /// <summary>For a step rolled back because a later one failed: that step's component.</summary>
    [JsonIgnore] public string? RolledBackFor { get; init; }
    /// <summary>The rollback was tried and did not finish: why.</summary>
    [JsonIgnore] public string? RollbackFailure { get; init; }

    public bool Succeeded => Result is StepResult.Upgraded or StepResult.UpToDate or StepResult.Patched or StepResult.DryRun;

    public static StepOutcome AlreadyCurrent(PlanStep step) => new(step.Component, StepResult.UpToDate);
}

/// <summary>`upgrade -o json`: the plan and what became of each step.</summary>
public sealed record UpgradeReport(UpgradePlan Plan, IReadOnlyList<Preflight.Finding> Findings, IReadOnlyList<StepOutcome> Outcome, IReadOnlyList<string> FollowUps)
{
    /// <summary>Every step ended well (an empty outcome is a plan that was not run).</summary>
    [JsonIgnore] public bool Succeeded => Outcome.All(o => o.Succeeded);
}
