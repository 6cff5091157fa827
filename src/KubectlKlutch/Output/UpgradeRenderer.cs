using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Output;

/// <summary>
/// The upgrade's story for people, on stdout: where, the plan, the checks, what happened.
/// Live progress is <see cref="StepProgress"/>'s, on stderr.
/// </summary>
public sealed class UpgradeRenderer(TextWriter output)
{
    public void Plan(UpgradePlan plan)
    {
        output.WriteLine($"Context:  {plan.Context}");
        output.WriteLine($"Server:   {plan.Server}");
        output.WriteLine($"User:     {plan.User ?? "(unknown)"}");
        output.WriteLine();
        output.WriteLine("Plan:");
        var n = 0;
        foreach (var step in plan.Steps)
        {
            output.WriteLine($"  {++n}. {step.Component}: {step.Kind} {step.Where}{(step.Done ? " (already up to date)" : "")}");
            if (step.Done) continue;
            if (step.UpToDate)
            {
                output.WriteLine($"     already at {step.To}, not settled yet: {step.Unsettled}; its rollout will be followed");
                continue;
            }
            output.WriteLine($"     {step.Field}");
            output.WriteLine($"     {step.From}");
            output.WriteLine($"       -> {step.To}");
            output.WriteLine($"     patch ({step.PatchType}): {step.Patch}");
            foreach (var note in step.Notes) output.WriteLine($"     note: {note}");
        }
        output.WriteLine();
    }

    /// <summary>The release rules' findings, with the plan: what is wrong, where, and what fixes it.</summary>
    public void Findings(IReadOnlyList<Preflight.Finding> findings)
    {
        if (findings.Count == 0) return;
        output.WriteLine("Checks:");
        foreach (var f in findings)
        {
            var severity = f.Overridden ? "overridden" : f.CouldNotCheck ? "could not check" : f.Severity.ToString().ToLowerInvariant();
            output.WriteLine($"  [{severity}] {f.Id}: {f.Object}");
            output.WriteLine($"     {f.Message}");
            if (f.Fix is not null) output.WriteLine($"     fix: {f.Fix}");
        }
        output.WriteLine();
    }

    /// <param name="prefix">Starts every line: a fleet names the cluster there.</param>
    public void Outcome(UpgradePlan plan, IReadOnlyList<StepOutcome> outcomes, IReadOnlyList<string>? followUps = null, string prefix = "")
    {
        foreach (var (step, outcome) in plan.Steps.Zip(outcomes))
        {
            output.WriteLine(prefix + outcome.Result switch
            {
                StepResult.Upgraded => $"{step.Component} now runs {step.To}: {outcome.Message}",
                StepResult.UpToDate when step.Done => $"{step.Component} already runs {step.To} in context {plan.Context}: nothing to do",
                StepResult.UpToDate => $"{step.Component}: {outcome.Message}",
                StepResult.Patched => $"{step.Component}: {outcome.Message}",
                StepResult.DryRun => $"{step.Component}: dry run (server): {outcome.Message}; nothing was changed",
                StepResult.RolledBack when outcome.RolledBackFor is not null => $"{step.Component} was rolled back: {outcome.Message}",
                StepResult.RolledBack => $"{step.Component} failed and was rolled back: {outcome.Message}",
                StepResult.NotStarted => $"{step.Component}: {outcome.Message}",
                StepResult.Reverted => $"{step.Component} did not stay at {step.To}: {outcome.Message}",
                _ => $"{step.Component} {(outcome.Result == StepResult.TimedOut ? "timed out" : outcome.Result == StepResult.Interrupted ? "interrupted" : "failed")}: {outcome.Message}",
            });
            if (outcome.LastEvent is not null) output.WriteLine($"{prefix}  last event: {outcome.LastEvent}");
            if (outcome.Rollback is not null) output.WriteLine($"{prefix}  to go back: {outcome.Rollback}");
        }
        foreach (var followUp in followUps ?? []) output.WriteLine($"{prefix}Next: {followUp}");
    }
}
