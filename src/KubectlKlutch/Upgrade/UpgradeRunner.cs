using KubectlKlutch.Kube;

namespace KubectlKlutch.Upgrade;

public enum DryRun
{
    None,
    Client,
    Server,
}

/// <summary>How a confirmed plan is carried out.</summary>
public sealed record RunSettings
{
    /// <summary>How long each step's rollout may take: --timeout's default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public bool ServerDryRun { get; init; }
    public bool Wait { get; init; } = true;
    public TimeSpan Timeout { get; init; } = DefaultTimeout;
    /// <summary>When a step fails, put back every step this run changed, the failed one first (as `helm --atomic` does).</summary>
    public bool RollbackOnFailure { get; init; }
}

/// <summary>What the runner tells whoever shows the story; it never formats text itself.</summary>
public interface IUpgradeObserver
{
    void Applied(PlanStep step, string to, string? stored, bool dryRun);
    void Following(PlanStep step, FollowState state);
    void RollingBack(PlanStep step, string to);
}

/// <summary>
/// Runs a plan's steps in order, each patched and followed to its end before the next starts,
/// and stops at the first failure. Asked to roll back, it then puts back every step this run
/// changed, in reverse order. It returns facts; the output layer writes the sentences.
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
                outcomes.Add(new(step.Component, StepResult.NotStarted) { Detail = "an earlier step did not finish" });
            else if (step.Done)
                outcomes.Add(StepOutcome.AlreadyCurrent(step));
            else
                outcomes.Add(await RunStepAsync(step, settings, ct));
        }
        if (settings.RollbackOnFailure && outcomes.FirstOrDefault(o => o.Result is StepResult.Failed or StepResult.TimedOut) is { } failed)
            await RollBackAsync(plan, outcomes, failed, settings, ct);
        return outcomes;
    }

    private async Task<StepOutcome> RunStepAsync(PlanStep step, RunSettings settings, CancellationToken ct)
    {
        // A step already at the version is not patched again: its rollout is only followed.
        string? stored = null;
        if (!step.UpToDate)
        {
            try
            {
                stored = await applier.ApplyAsync(step, step.From, step.To, step.Change, settings.ServerDryRun, ct);
            }
            catch (KubeException e)
            {
                return new(step.Component, StepResult.Failed) { Detail = e.Message };
            }
            observer.Applied(step, step.To, stored, settings.ServerDryRun);
        }
        var changed = !step.UpToDate && !settings.ServerDryRun;
        if (settings.ServerDryRun)
            return new(step.Component, step.UpToDate ? StepResult.UpToDate : StepResult.DryRun) { Stored = stored, Detail = step.Unsettled ?? "" };
        if (!settings.Wait)
            return new(step.Component, step.UpToDate ? StepResult.UpToDate : StepResult.Patched) { Stored = stored, Changed = changed, Detail = step.Unsettled ?? "" };

        var state = await follower.FollowAsync(step, step.To, settings.Timeout, s => observer.Following(step, s), ct);
        var result = state.Phase switch
        {
            FollowPhase.Done => StepResult.Upgraded,
            FollowPhase.Interrupted => StepResult.Interrupted,
            FollowPhase.TimedOut => StepResult.TimedOut,
            FollowPhase.Reverted => StepResult.Reverted,
            _ => StepResult.Failed,
        };
        return new(step.Component, result) { Detail = state.Message, LastEvent = state.LastEvent, Stored = stored, Changed = changed };
    }

    /// <summary>Puts back, newest first, every step this run patched: the failed one, then those before it.</summary>
    private async Task RollBackAsync(UpgradePlan plan, List<StepOutcome> outcomes, StepOutcome failed, RunSettings settings, CancellationToken ct)
    {
        for (var i = outcomes.Count - 1; i >= 0; i--)
        {
            var (step, outcome) = (plan.Steps[i], outcomes[i]);
            if (!outcome.Changed || ct.IsCancellationRequested) continue;
            observer.RollingBack(step, step.From);
            var back = await GoBackAsync(step, settings, ct);
            outcomes[i] = back is null
                ? outcome with { Result = StepResult.RolledBack, RolledBackFor = outcome == failed ? null : failed.Component }
                : outcome with { RollbackFailure = back };
        }
    }

    /// <summary>Patches the step back to where it was and follows that; null when it got there, else why not.</summary>
    private async Task<string?> GoBackAsync(PlanStep step, RunSettings settings, CancellationToken ct)
    {
        try
        {
            await applier.ApplyAsync(step, step.To, step.From, ChangeKind.Rollback, dryRun: false, ct);
        }
        catch (KubeException e)
        {
            return e.Message;
        }
        var back = await follower.FollowAsync(step, step.From, settings.Timeout, s => observer.Following(step, s), ct);
        return back.Phase == FollowPhase.Done ? null : back.Message;
    }
}
