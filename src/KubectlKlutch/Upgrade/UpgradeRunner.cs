using KubectlKlutch.Kube;

namespace KubectlKlutch.Upgrade;

public sealed record RunSettings
{
    public bool ServerDryRun { get; init; }
    public bool Wait { get; init; } = true;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
    public bool RollbackOnFailure { get; init; }
    /// <summary>The flags that reach the same cluster again, for the rollback command we suggest.</summary>
    public string ContextFlags { get; init; } = "";
}

/// <summary>What the runner tells whoever shows the story; it never formats text itself.</summary>
public interface IUpgradeObserver
{
    void Applied(PlanStep step, string to, string? stored, bool dryRun);
    void Following(PlanStep step, FollowState state);
    void RollingBack(PlanStep step, FollowState failure);
}

/// <summary>
/// Runs a plan's steps in order, each patched and followed to its end before the next starts;
/// stops at the first failure, rolling it back when asked to.
/// </summary>
public sealed class UpgradeRunner(KubeClient client, IUpgradeObserver observer)
{
    private readonly Applier applier = new(client);
    private readonly RolloutFollower follower = new(client);

    public async Task<IReadOnlyList<StepOutcome>> RunAsync(UpgradePlan plan, RunSettings settings, CancellationToken ct)
    {
        var outcomes = new List<StepOutcome>();
        foreach (var step in plan.Steps)
        {
            if (outcomes.Any(o => !o.Succeeded))
                outcomes.Add(new(step.Component, StepResult.NotStarted, "not started: an earlier step did not finish"));
            else if (step.Done)
                outcomes.Add(new(step.Component, StepResult.UpToDate, $"already runs {step.To}"));
            else
                outcomes.Add(await RunStepAsync(step, settings, ct));
        }
        return outcomes;
    }

    private async Task<StepOutcome> RunStepAsync(PlanStep step, RunSettings settings, CancellationToken ct)
    {
        // A step already at the version is not patched again: its rollout is only followed.
        string? stored = null;
        if (!step.UpToDate)
        {
            stored = await applier.ApplyAsync(step, step.From, step.To, settings.ServerDryRun, ct);
            observer.Applied(step, step.To, stored, settings.ServerDryRun);
        }
        if (settings.ServerDryRun)
            return step.UpToDate
                ? new(step.Component, StepResult.UpToDate, $"already at {step.To}, not settled yet: {step.Unsettled}")
                : new(step.Component, StepResult.DryRun, $"the server would store {stored}") { Stored = stored };
        if (!settings.Wait)
            return step.UpToDate
                ? new(step.Component, StepResult.UpToDate, $"already at {step.To}; not waiting for its rollout: {step.Unsettled}")
                : new(step.Component, StepResult.Patched, $"patched to {step.To}; not waiting for the rollout") { Stored = stored };

        var state = await follower.FollowAsync(step, step.To, settings.Timeout, s => observer.Following(step, s), ct);
        if (state.Phase == FollowPhase.Done)
            return new(step.Component, StepResult.Upgraded, state.Message) { Stored = stored };

        var rollback = $"kubectl klutch rollback {step.Component}{settings.ContextFlags}{(step.Namespace is null ? "" : " -n " + step.Namespace)}";
        if (state.Phase == FollowPhase.Interrupted)
            return new(step.Component, StepResult.Interrupted,
                $"stopped waiting; the rollout goes on in the cluster (follow it with 'kubectl klutch status{settings.ContextFlags}'): {state.Message}")
            { Rollback = rollback, LastEvent = state.LastEvent };

        var result = state.Phase == FollowPhase.TimedOut ? StepResult.TimedOut : StepResult.Failed;
        // Rolling back is undoing this run's patch; a step this run did not patch is left to 'rollback'.
        if (!settings.RollbackOnFailure || step.UpToDate)
            return new(step.Component, result, state.Message) { Rollback = rollback, LastEvent = state.LastEvent };

        observer.RollingBack(step, state);
        await applier.ApplyAsync(step, step.To, step.From, dryRun: false, ct);
        var back = await follower.FollowAsync(step, step.From, settings.Timeout, s => observer.Following(step, s), ct);
        return back.Phase == FollowPhase.Done
            ? new(step.Component, StepResult.RolledBack, $"{state.Message}; rolled back to {step.From}") { LastEvent = state.LastEvent }
            : new(step.Component, result, $"{state.Message}; the rollback to {step.From} did not finish either: {back.Message}") { LastEvent = state.LastEvent };
    }
}
