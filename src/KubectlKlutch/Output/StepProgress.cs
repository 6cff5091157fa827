using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Output;

/// <summary>
/// The runner's events as lines of progress: patched, the rollout's state with its replica
/// counts, rolling back. Where the lines go (one rewritten line, or a line per cluster of a
/// fleet) is the sink's business.
/// </summary>
/// <param name="line">Receives the text, the time the rollout has taken so far, and whether the line is final.</param>
public sealed class StepProgress(Action<string, TimeSpan?, bool> line) : IUpgradeObserver
{
    public void Applied(PlanStep step, string to, string? stored, bool dryRun) =>
        line(dryRun ? $"{step.Component}: server dry run: {step.Field} would be {stored}" : $"{step.Component}: patched {step.Where} to {to}", null, true);

    public void Following(PlanStep step, FollowState state)
    {
        var rollout = state.Rollout is { } r ? $" [{r.Updated}/{r.Desired} updated, {r.Ready} ready, {r.Available} available]" : "";
        line($"{step.Component}: {state.Message}{rollout}", state.Elapsed, state.Phase != FollowPhase.Progressing);
    }

    public void RollingBack(PlanStep step, string to) =>
        line($"{step.Component}: rolling back to {to}", null, true);
}

/// <summary>
/// Progress of one cluster on stderr: on a terminal one line rewritten in place, with the time
/// ticking; otherwise a line only when something other than the time changed, so that logs stay short.
/// </summary>
public sealed class ProgressLine(TextWriter progress, Terminal terminal)
{
    private string? lastLine;

    public void Write(string text, TimeSpan? elapsed, bool final)
    {
        var shown = elapsed is { } e ? $"{text} ({Durations.Format(e)})" : text;
        if (terminal.IsInteractive)
        {
            progress.Write($"\r\u001b[K{terminal.Fit(shown)}");
            progress.Flush();
            if (final) progress.WriteLine();
        }
        else if (final || text != lastLine)
        {
            progress.WriteLine(shown);
        }
        lastLine = text;
    }
}
