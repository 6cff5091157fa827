using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Output;

/// <summary>
/// The upgrade's story for people: where, the plan, live progress, what happened. Plan and
/// outcome go to stdout; progress goes to stderr, as one rewritten line on a terminal and one
/// line per change otherwise.
/// </summary>
public sealed class UpgradeRenderer(TextWriter output, TextWriter progress, Terminal terminal) : IUpgradeObserver
{
    private string? lastLine;

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
            output.WriteLine($"  {++n}. {step.Component}: {step.Kind} {step.Where}{(step.UpToDate ? " (already up to date)" : "")}");
            if (step.UpToDate) continue;
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

    public void Applied(PlanStep step, string to, string? stored, bool dryRun) =>
        Line(dryRun ? $"{step.Component}: server dry run: {step.Field} would be {stored}" : $"{step.Component}: patched {step.Where} to {to}", null, final: true);

    public void Following(PlanStep step, FollowState state)
    {
        var rollout = state.Rollout is { } r ? $" [{r.Updated}/{r.Desired} updated, {r.Ready} ready, {r.Available} available]" : "";
        Line($"{step.Component}: {state.Message}{rollout}", state.Elapsed, final: state.Phase != FollowPhase.Progressing);
    }

    public void RollingBack(PlanStep step, FollowState failure) =>
        Line($"{step.Component}: {failure.Message}; rolling back to {step.From}", null, final: true);

    /// <summary>
    /// On a terminal, one line rewritten in place, with the time ticking; otherwise a line
    /// only when something other than the time changed, so that logs stay short.
    /// </summary>
    private void Line(string text, TimeSpan? elapsed, bool final)
    {
        var shown = elapsed is { } e ? $"{text} ({Durations.Format(e)})" : text;
        if (terminal.IsInteractive)
        {
            progress.Write($"\r\u001b[K{shown}");
            if (final) progress.WriteLine();
        }
        else if (final || text != lastLine)
        {
            progress.WriteLine(shown);
        }
        lastLine = text;
    }

    public void Outcome(UpgradePlan plan, IReadOnlyList<StepOutcome> outcomes, IReadOnlyList<string>? followUps = null)
    {
        foreach (var (step, outcome) in plan.Steps.Zip(outcomes))
        {
            output.WriteLine(outcome.Result switch
            {
                StepResult.Upgraded => $"{step.Component} now runs {step.To}: {outcome.Message}",
                StepResult.UpToDate => $"{step.Component} already runs {step.To} in context {plan.Context}: nothing to do",
                StepResult.Patched => $"{step.Component}: {outcome.Message}",
                StepResult.DryRun => $"{step.Component}: dry run (server): {outcome.Message}; nothing was changed",
                StepResult.RolledBack => $"{step.Component} failed and was rolled back: {outcome.Message}",
                StepResult.NotStarted => $"{step.Component}: {outcome.Message}",
                _ => $"{step.Component} {(outcome.Result == StepResult.TimedOut ? "timed out" : outcome.Result == StepResult.Interrupted ? "interrupted" : "failed")}: {outcome.Message}",
            });
            if (outcome.LastEvent is not null) output.WriteLine($"  last event: {outcome.LastEvent}");
            if (outcome.Rollback is not null) output.WriteLine($"  to go back: {outcome.Rollback}");
        }
        foreach (var followUp in followUps ?? []) output.WriteLine($"Next: {followUp}");
    }
}
