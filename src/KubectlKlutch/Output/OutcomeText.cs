using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Output;

/// <summary>
/// The sentences of a change's outcome, for the table and for `-o json` alike: what the runner
/// found, said once, and the command that goes back where the run changed something and did
/// not end well.
/// </summary>
public static class OutcomeText
{
    /// <param name="reach">The flags that reach the same cluster again (` --kubeconfig F --context C`).</param>
    public static UpgradeReport Complete(UpgradeReport report, RunSettings settings, string reach) => report with
    {
        Outcome = [.. report.Plan.Steps.Zip(report.Outcome, (step, outcome) => outcome with
        {
            Message = Message(step, outcome, settings, reach),
            Rollback = !report.Succeeded && outcome.Changed && outcome.Result is not (StepResult.RolledBack or StepResult.Reverted) && outcome.RollbackFailure is null
                ? $"kubectl klutch rollback {step.Component}{reach}{(step.Namespace is null ? "" : " -n " + step.Namespace)}"
                : null,
        })],
    };

    private static string Message(PlanStep step, StepOutcome o, RunSettings settings, string reach) => o.Result switch
    {
        StepResult.NotStarted => $"not started: {o.Detail}",
        StepResult.UpToDate when o.Detail.Length == 0 => $"already runs {step.To}",
        StepResult.UpToDate when settings.ServerDryRun => $"already at {step.To}, not settled yet: {o.Detail}",
        StepResult.UpToDate => $"already at {step.To}; not waiting for its rollout: {o.Detail}",
        StepResult.DryRun => $"the server would store {o.Stored}",
        StepResult.Patched => $"patched to {step.To}; not waiting for the rollout{Owned(step)}",
        StepResult.Upgraded => o.Detail + Owned(step),
        StepResult.Interrupted => $"stopped waiting; the rollout goes on in the cluster (follow it with 'kubectl klutch status{reach}'): {o.Detail}",
        StepResult.RolledBack when o.RolledBackFor is { } failed => $"rolled back to {step.From} after {failed} failed",
        StepResult.RolledBack => $"{o.Detail}; rolled back to {step.From}",
        _ when o.RollbackFailure is { } why => o.Succeeded
            ? $"{o.Detail}; going back to {step.From} after a later step failed did not finish: {why}"
            : $"{o.Detail}; the rollback to {step.From} did not finish either: {why}",
        _ => o.Detail,
    };

    /// <summary>A field taken over from its owner, or left with a note: the outcome says what becomes of it.</summary>
    private static string Owned(PlanStep step) =>
        step.Owner is { } owner ? "; " + Ownership.OwnerPolicy.Decide(owner, takeOver: true).Note : "";
}
