using KubectlKlutch.Health;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Tests.Health;

public class DeploymentHealthTests
{
    private static Deployment Deployment(int desired = 2, long generation = 2, long observed = 2, int updated = 2, int total = 2, int available = 2, string? progressingReason = "NewReplicaSetAvailable") => new()
    {
        Metadata = new ObjectMeta { Name = "konnector", Namespace = "klutch-bind", Generation = generation },
        Spec = new DeploymentSpec { Replicas = desired },
        Status = new DeploymentStatus
        {
            ObservedGeneration = observed, Replicas = total, UpdatedReplicas = updated, ReadyReplicas = available, AvailableReplicas = available,
            Conditions = progressingReason is null ? null : [new Condition { Type = "Progressing", Status = progressingReason == "ProgressDeadlineExceeded" ? "False" : "True", Reason = progressingReason }],
        },
    };

    private static Pod Waiting(string name, string reason, string message) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Status = new PodStatus { ContainerStatuses = [new ContainerStatus { Name = "konnector", State = new ContainerState(new ContainerStateDetail(reason, message), null) }] },
    };

    public static TheoryData<string, Deployment, HealthState, string> Cases => new()
    {
        { "rolled out", Deployment(), HealthState.Healthy, "2/2 replicas available" },
        { "change not yet seen", Deployment(generation: 3), HealthState.Progressing, "waiting for the Deployment controller to see the change" },
        { "new replicas coming", Deployment(updated: 1, total: 3), HealthState.Progressing, "rollout in progress: 1 of 2 replicas updated" },
        { "old replicas going", Deployment(total: 3), HealthState.Progressing, "rollout in progress: 1 old replicas pending termination" },
        { "not yet available", Deployment(available: 1), HealthState.Progressing, "rollout in progress: 1 of 2 updated replicas available" },
        { "deadline exceeded", Deployment(updated: 1, progressingReason: "ProgressDeadlineExceeded"), HealthState.Degraded, "rollout exceeded its progress deadline" },
        { "a missed deadline of the spec before", Deployment(updated: 1, observed: 1, progressingReason: "ProgressDeadlineExceeded"), HealthState.Progressing, "waiting for the Deployment controller to see the change" },
        { "scaled to zero", Deployment(desired: 0, updated: 0, total: 0, available: 0), HealthState.Degraded, "scaled to 0 replicas" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Judges_a_rollout_as_kubectl_rollout_status_does(string _, Deployment deployment, HealthState state, string message)
    {
        Assert.Equal(new Assessment(state, message), DeploymentHealth.Assess(deployment, []));
    }

    [Theory]
    [InlineData("ImagePullBackOff")]
    [InlineData("ErrImagePull")]
    [InlineData("CrashLoopBackOff")]
    public void A_stuck_pod_fails_the_rollout_at_once_naming_pod_and_reason(string reason)
    {
        var pods = new[] { Waiting("konnector-7d9-abc", reason, "Back-off pulling image \"x:v9\"") };
        var assessment = DeploymentHealth.Assess(Deployment(updated: 1, total: 3, available: 2), pods);
        Assert.Equal(HealthState.Degraded, assessment.State);
        Assert.Equal($"pod konnector-7d9-abc: {reason} (Back-off pulling image \"x:v9\")", assessment.Message);
    }

    [Fact]
    public void A_pod_still_creating_is_not_failing()
    {
        Assert.Empty(DeploymentHealth.FailingPods([Waiting("p", "ContainerCreating", "")]));
    }

    [Fact]
    public void Settled_means_nothing_left_to_wait_for()
    {
        Assert.True(DeploymentHealth.IsSettled(Deployment()));
        Assert.False(DeploymentHealth.IsSettled(Deployment(generation: 3)));
        Assert.False(DeploymentHealth.IsSettled(Deployment(available: 1)));
    }
}
