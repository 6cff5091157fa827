using System.Diagnostics;
using System.Text.Json;
using KubectlKlutch.Health;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Upgrade;

/// <summary>
/// Follows one patched object to its real end: a Deployment rolled out as `kubectl rollout
/// status` means it, a package whose active revision runs the requested package and is
/// healthy. Fails fast on a pod stuck pulling or crashing, and on what Crossplane reports as
/// failed: a package that cannot fetch its tag, a revision that cannot unpack, a crash-looping
/// provider runtime (<see cref="PackageHealth"/>).
/// A watch on the object wakes it up at once; a dropped watch is resumed from the last
/// resourceVersion (relisted on 410 Gone), and while the API server is away (restarted) it
/// keeps trying until the timeout.
/// </summary>
public sealed class RolloutFollower(KubeClient client)
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public async Task<FollowState> FollowAsync(PlanStep step, string to, TimeSpan timeout, Action<FollowState> progress, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var wake = new SemaphoreSlim(0);
        var watching = WatchAsync(step.Target, wake, stop.Token);
        var last = new FollowState(FollowPhase.Progressing, "waiting for the first status", TimeSpan.Zero);
        var confirmation = Bindings.HeartbeatConfirmation.Applies(step.Catalog) ? new Bindings.HeartbeatConfirmation(client) : null;
        try
        {
            while (true)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (ct.IsCancellationRequested) return last with { Phase = FollowPhase.Interrupted, Elapsed = elapsed };
                try
                {
                    last = await EvaluateAsync(step, to, ct) with { Elapsed = elapsed };
                    // Rolled out is not the end for a konnector: its bindings must keep heartbeating.
                    if (last.Phase == FollowPhase.Done && confirmation is not null)
                        last = await confirmation.JudgeAsync(last.Message, ct) with { Elapsed = elapsed, Rollout = last.Rollout };
                }
                catch (KubeException e) when (e.Failure is KubeFailure.Unreachable or KubeFailure.Timeout or KubeFailure.ServerError)
                {
                    last = last with { Message = "API server not reachable, retrying: " + e.Message, Elapsed = elapsed };
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    continue;
                }
                progress(last);
                if (last.Phase != FollowPhase.Progressing) return last;
                if (elapsed >= timeout)
                    return last with { Phase = FollowPhase.TimedOut, Message = $"not done after {Durations.Format(timeout)}: {last.Message}" };
                var remaining = timeout - elapsed;
                try
                {
                    await wake.WaitAsync(remaining < Tick ? remaining : Tick, ct);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C: the loop reports Interrupted; the cluster goes on with the rollout.
                }
            }
        }
        finally
        {
            stop.Cancel();
            await watching;
        }
    }

    private async Task WatchAsync(VersionedField target, SemaphoreSlim wake, CancellationToken ct)
    {
        var path = target.Resource.ListPath(target.Namespace, fieldSelector: "metadata.name=" + target.Name);
        string? resourceVersion = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var line in client.WatchLinesAsync(path, resourceVersion, ct))
                {
                    var e = JsonSerializer.Deserialize(line, KubeJson.Default.WatchEvent);
                    if (e?.Type == "ERROR")
                    {
                        resourceVersion = null; // 410 Gone: too old to resume; start from now
                        break;
                    }
                    resourceVersion = e?.Object?.Metadata?.ResourceVersion ?? resourceVersion;
                    if (wake.CurrentCount == 0) wake.Release();
                }
            }
            catch (KubeException e) when (e.Failure == KubeFailure.Gone)
            {
                resourceVersion = null;
            }
            catch (Exception e) when (e is KubeException or JsonException)
            {
                // The evaluation loop reports an unreachable server; here we only try again.
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The field went back to another value: named after the manager that holds it now, with that
    /// entry's time (an upper bound: managedFields keep one time per manager, not per field).
    /// </summary>
    private async Task<FollowState> RevertedAsync(VersionedField target, string? now, RolloutState? rollout, CancellationToken ct)
    {
        Ownership.FieldManagerEntry? by = null;
        try
        {
            by = Ownership.FieldManagers.OwnerOf(await client.GetAsync(target.ObjectPath, KubeJson.Default.JsonElement, ct), target.Path);
        }
        catch (Exception e) when (e is KubeException or JsonException)
        {
            // Unreadable now: the revert is still reported, without its author.
        }
        var who = by is { Manager: { Length: > 0 } m } && m != Ownership.FieldManagers.Plugin
            ? $"reverted by {m}{(by.Time is { } t ? $" at {t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}" : "")}"
            : "changed again by someone else";
        return new(FollowPhase.Reverted, $"{target.Path} was {who} (now {now})", default, rollout);
    }

    /// <summary>
    /// Where the change stands, judged by the same rules `status` uses (<see cref="ObservedHealth"/>)
    /// on a fresh observation of the object, plus what only a follower knows: the field was put
    /// to another value, or the change failed and will not recover on its own.
    /// </summary>
    private async Task<FollowState> EvaluateAsync(PlanStep step, string to, CancellationToken ct)
    {
        var target = step.Target;
        var observation = await new InventoryReader(new SharedReads(client)).ObserveAsync(step.Catalog, target.Resource, target.Namespace, target.Name, ct);
        if (observation is null)
            return new(FollowPhase.Failed, $"{step.Where} was deleted while the change was followed", default);
        var now = VersionedField.For(observation).Current;
        var rollout = observation is DeploymentObservation d ? DeploymentHealth.Rollout(d.Deployment) : null;
        if (now != to)
            return await RevertedAsync(target, now, rollout, ct);

        var assessment = ObservedHealth.Assess(observation)!;
        return observation switch
        {
            _ when assessment.IsHealthy => new(FollowPhase.Done, observation is PackageObservation p
                ? $"revision {p.Package.Status.CurrentRevision} runs {to} and is healthy"
                : $"rolled out: {assessment.Message}", default, rollout),
            DeploymentObservation deployment when assessment.State == HealthState.Degraded =>
                new(FollowPhase.Failed, assessment.Message, default, rollout, DeploymentHealth.FailingPods(deployment.CurrentPods) is [var pod, ..]
                    ? await LastEventAsync(target.Namespace, pod.Pod, ct) : null),
            // Whatever Crossplane has reported as failed (the package cannot fetch the tag, its new
            // revision failed, its runtime's pods are stuck) does not recover on its own; a runtime
            // still starting is Progressing and waited for.
            PackageObservation package when assessment.State == HealthState.Degraded =>
                new(FollowPhase.Failed, assessment.Message, default, null, await PackageEventAsync(package, ct)),
            _ => new(FollowPhase.Progressing, assessment.Message, default, rollout),
        };
    }

    /// <summary>
    /// For a failed package: a stuck runtime pod's newest event, else the newest Warning on the
    /// package (UnpackPackage with the registry's answer), else on its failed revision.
    /// </summary>
    private async Task<string?> PackageEventAsync(PackageObservation o, CancellationToken ct)
    {
        if (DeploymentHealth.FailingPods(o.RuntimePods) is [var pod, ..])
            return await LastEventAsync(o.RuntimePods.First(p => p.Metadata.Name == pod.Pod).Metadata.Namespace, pod.Pod, ct);
        return await LastEventAsync(null, o.Package.Metadata.Name, ct, warningsOnly: true)
            ?? (PackageHealth.RequestedRevisionFailed(o) is { } revision ? await LastEventAsync(null, revision.Metadata.Name, ct) : null);
    }

    /// <summary>The newest event about an object, for the failure message; none if events cannot be read.</summary>
    private async Task<string?> LastEventAsync(string? ns, string name, CancellationToken ct, bool warningsOnly = false)
    {
        try
        {
            var selector = "involvedObject.name=" + name + (warningsOnly ? ",type=Warning" : "");
            var events = await client.GetAsync(ApiResource.Events.ListPath(ns, fieldSelector: selector), KubeJson.Default.ObjectListEvent, ct);
            return events.Items.MaxBy(e => e.When) is { } last ? $"{last.Reason}: {last.Message}" : null;
        }
        catch (KubeException)
        {
            return null;
        }
    }
}
