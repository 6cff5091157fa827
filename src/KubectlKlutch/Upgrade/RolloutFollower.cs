using System.Diagnostics;
using System.Text.Json;
using KubectlKlutch.Catalog;
using KubectlKlutch.Health;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Upgrade;

/// <summary>
/// Follows one patched object to its real end: a Deployment rolled out as `kubectl rollout
/// status` means it, a package whose active revision runs the requested package and is
/// Healthy. Fails fast on a pod stuck pulling or crashing, or a revision that cannot unpack.
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
        var watching = WatchAsync(step.Target!, wake, stop.Token);
        var last = new FollowState(FollowPhase.Progressing, "waiting for the first status", TimeSpan.Zero);
        try
        {
            while (true)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (ct.IsCancellationRequested) return last with { Phase = FollowPhase.Interrupted, Elapsed = elapsed };
                try
                {
                    last = await EvaluateAsync(step, to, ct) with { Elapsed = elapsed };
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

    private Task<FollowState> EvaluateAsync(PlanStep step, string to, CancellationToken ct) => step.Target switch
    {
        ContainerImage image => EvaluateDeploymentAsync(image, to, ct),
        PackageReference package => EvaluatePackageAsync(step.Catalog!, package, to, ct),
        _ => throw new NotSupportedException(step.Target?.GetType().Name),
    };

    private async Task<FollowState> EvaluateDeploymentAsync(ContainerImage target, string to, CancellationToken ct)
    {
        var d = await client.GetAsync(target.ObjectPath, KubeJson.Default.Deployment, ct);
        var rollout = DeploymentHealth.Rollout(d);
        if (d.Container(target.Container)?.Image != to)
            return new(FollowPhase.Failed, $"the image was changed again by someone else (now {d.Container(target.Container)?.Image})", default, rollout);
        if (DeploymentHealth.IsSettled(d))
            return new(FollowPhase.Done, $"rolled out: {rollout.Available}/{rollout.Desired} replicas available", default, rollout);

        var pods = d.Spec.Selector?.ToQuery() is { } selector
            ? (await client.GetAsync(ApiResource.Pods.ListPath(target.Namespace, labelSelector: selector), KubeJson.Default.ObjectListPod, ct)).Items
            : [];
        // Only the new pods count: an old pod's trouble is not this rollout's.
        var failing = DeploymentHealth.FailingPods(pods.Where(p => RunsImage(p, target.Container, to)));
        if (failing.Count > 0)
            return new(FollowPhase.Failed, DeploymentHealth.Describe(failing[0]), default, rollout, await LastEventAsync(target.Namespace, failing[0].Pod, ct));
        if (DeploymentHealth.DeadlineExceeded(d))
            return new(FollowPhase.Failed, "rollout exceeded its progress deadline", default, rollout);
        return new(FollowPhase.Progressing, DeploymentHealth.Assess(d, []).Message, default, rollout);
    }

    private static bool RunsImage(Pod pod, string container, string image) =>
        pod.Status.ContainerStatuses?.FirstOrDefault(c => c.Name == container)?.Image is not { } running || running == image;

    private async Task<FollowState> EvaluatePackageAsync(Component component, PackageReference target, string to, CancellationToken ct)
    {
        var package = await client.GetAsync(target.ObjectPath, KubeJson.Default.Package, ct);
        if (package.Spec.Package != to)
            return new(FollowPhase.Failed, $"spec.package was changed again by someone else (now {package.Spec.Package})", default);
        var workload = (PackageWorkload)component.Workload;
        var revisions = await client.GetAsync(workload.Revisions.WithVersion(target.Resource.Version).ListPath(null, labelSelector: "pkg.crossplane.io/package=" + target.Name),
            KubeJson.Default.ObjectListPackageRevision, ct);
        var observation = new PackageObservation(component, package, target.Resource, revisions.Items);
        var assessment = PackageHealth.Assess(observation);
        if (assessment.IsHealthy)
            return new(FollowPhase.Done, $"revision {package.Status.CurrentRevision} runs {to} and is healthy", default);
        if (observation.RequestedRevision is { } revision && revision.Status.Conditions.Find("Healthy") is { IsFalse: true })
            return new(FollowPhase.Failed, assessment.Message, default, null, await LastEventAsync(null, revision.Metadata.Name, ct));
        return new(FollowPhase.Progressing, assessment.Message, default);
    }

    /// <summary>The newest event about an object, for the failure message; none if events cannot be read.</summary>
    private async Task<string?> LastEventAsync(string? ns, string name, CancellationToken ct)
    {
        try
        {
            var events = await client.GetAsync(ApiResource.Events.ListPath(ns, fieldSelector: "involvedObject.name=" + name), KubeJson.Default.ObjectListEvent, ct);
            return events.Items.MaxBy(e => e.When) is { } last ? $"{last.Reason}: {last.Message}" : null;
        }
        catch (KubeException)
        {
            return null;
        }
    }
}
