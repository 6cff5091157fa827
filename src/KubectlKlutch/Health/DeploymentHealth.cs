using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Health;

/// <summary>
/// When a Deployment's rollout is done, by the rules of `kubectl rollout status`, plus what
/// kubectl does not do: a pod stuck pulling or crashing fails the rollout at once.
/// </summary>
public static class DeploymentHealth
{
    /// <summary>Waiting reasons a pod does not recover from without a change to its spec.</summary>
    private static readonly HashSet<string> StuckReasons =
    [
        "ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff", "InvalidImageName",
        "CreateContainerConfigError", "CreateContainerError", "RunContainerError",
    ];

    public static int Desired(Deployment d) => d.Spec.Replicas ?? 1;

    public static RolloutState Rollout(Deployment d)
    {
        var s = d.Status;
        return new RolloutState(Desired(d), s.UpdatedReplicas, s.ReadyReplicas, s.AvailableReplicas, s.Replicas, IsSettled(d));
    }

    /// <summary>
    /// As kubectl judges it: only a status that has seen the current spec counts, since a new
    /// patch (a rollback after a missed deadline) leaves the old condition until the
    /// controller observes the change.
    /// </summary>
    public static bool DeadlineExceeded(Deployment d) =>
        d.Status.ObservedGeneration >= d.Metadata.Generation
        && d.Status.Conditions.Find("Progressing")?.Reason == "ProgressDeadlineExceeded";

    /// <summary>Rolled out and available: nothing more to look at.</summary>
    public static bool IsSettled(Deployment d)
    {
        var s = d.Status;
        var desired = Desired(d);
        return s.ObservedGeneration >= d.Metadata.Generation && !DeadlineExceeded(d) && desired > 0
            && s.UpdatedReplicas >= desired && s.Replicas <= s.UpdatedReplicas && s.AvailableReplicas >= s.UpdatedReplicas;
    }

    public static IReadOnlyList<FailingPod> FailingPods(IEnumerable<Pod> pods) =>
        [.. pods.SelectMany(p => (p.Status.InitContainerStatuses ?? []).Concat(p.Status.ContainerStatuses ?? [])
            .Where(c => c.State?.Waiting?.Reason is { } r && StuckReasons.Contains(r))
            .Select(c => new FailingPod(p.Metadata.Name, c.Name, c.State!.Waiting!.Reason!, c.State.Waiting.Message)))];

    public static Assessment Assess(Deployment d, IReadOnlyList<Pod> pods)
    {
        var s = d.Status;
        var desired = Desired(d);
        var failing = FailingPods(pods);
        if (DeadlineExceeded(d))
            return new(HealthState.Degraded, "rollout exceeded its progress deadline" + (failing.Count > 0 ? "; " + Describe(failing[0]) : ""));
        if (failing.Count > 0)
            return new(HealthState.Degraded, Describe(failing[0]) + (failing.Count > 1 ? $" (and {failing.Count - 1} more)" : ""));
        if (desired == 0)
            return new(HealthState.Degraded, "scaled to 0 replicas");
        if (s.ObservedGeneration < d.Metadata.Generation)
            return new(HealthState.Progressing, "waiting for the Deployment controller to see the change");
        if (s.UpdatedReplicas < desired)
            return new(HealthState.Progressing, $"rollout in progress: {s.UpdatedReplicas} of {desired} replicas updated");
        if (s.Replicas > s.UpdatedReplicas)
            return new(HealthState.Progressing, $"rollout in progress: {s.Replicas - s.UpdatedReplicas} old replicas pending termination");
        if (s.AvailableReplicas < s.UpdatedReplicas)
            return new(HealthState.Progressing, $"rollout in progress: {s.AvailableReplicas} of {s.UpdatedReplicas} updated replicas available");
        return new(HealthState.Healthy, $"{s.AvailableReplicas}/{desired} replicas available");
    }

    public static string Describe(FailingPod p) =>
        $"pod {p.Pod}: {p.Reason}" + (string.IsNullOrWhiteSpace(p.Message) ? "" : $" ({p.Message.Trim()})");
}
