using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube.Objects;
using KubectlKlutch.Tests.Snapshots;
using KubectlKlutch.Upgrade;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Tests.Upgrade;

/// <summary>
/// The planner's decisions over hand-built clusters: for each case, the outcome (a value, never an
/// exception), the image it would write, or the sentence that says why not.
/// </summary>
public class PlannerTests
{
    private const string Context = "kind-test";

    private static Func<Deployment, Deployment> Annotated(params (string Key, string Value)[] annotations) =>
        d => d with { Metadata = d.Metadata with { Annotations = annotations.ToDictionary(a => a.Key, a => a.Value) } };

    private static StepDecision Upgrade(ClusterSnapshot snapshot, string component, string version, string? ns = null,
        string? registry = null, bool allowDowngrade = false, bool force = false)
    {
        var request = ChangeRequest.Upgrade(component, version, ns, registry, allowDowngrade, force);
        return Planner.Upgrade(snapshot, Context, ComponentCatalog.Find(component)!, request.Version!, request);
    }

    private static StepDecision Rollback(ClusterSnapshot snapshot, string component, string? ns = null) =>
        Planner.Rollback(snapshot, Context, ComponentCatalog.Find(component)!, ns);

    public static TheoryData<string, ClusterSnapshot, string, string?, string?, bool, bool, ClusterResult, string> UpgradeCases => new()
    {
        {
            "a patch release in place",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0")).Build(), "v1.3.1", null, null, false, false,
            ClusterResult.Planned, Images.Konnector("v1.3.1")
        },
        {
            "a mirror stays the mirror",
            new SnapshotBuilder().Deployment("konnector", "mirror.example:5000/klutch/konnector:v1.3.0").Build(), "v1.3.1", null, null, false, false,
            ClusterResult.Planned, "mirror.example:5000/klutch/konnector:v1.3.1"
        },
        {
            "--registry moves it on purpose",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0")).Build(), "v1.3.1", null, "mirror.example:5000/klutch", false, false,
            ClusterResult.Planned, "mirror.example:5000/klutch/konnector:v1.3.1"
        },
        {
            "crossing v1.3.0 leaves the old anynines path, which has no newer tags",
            new SnapshotBuilder().Deployment("konnector", Images.Legacy + "konnector:v1.2.0", ns: "kube-bind").Build(), "v1.3.1", null, null, false, false,
            ClusterResult.Planned, Images.Konnector("v1.3.1")
        },
        {
            "a package's reference is the field",
            new SnapshotBuilder().Package("provider-anynines", Images.Provider("v1.3.0")).Build(), "v1.3.1", null, null, false, false,
            ClusterResult.Planned, Images.Provider("v1.3.1")
        },
        {
            "a downgrade is refused",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.1")).Build(), "v1.3.0", null, null, false, false,
            ClusterResult.Refused, "v1.3.0 is older than the installed v1.3.1 of konnector: pass --allow-downgrade to go back on purpose, or use 'kubectl klutch rollback konnector'"
        },
        {
            "a downgrade on purpose",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.1")).Build(), "v1.3.0", null, null, true, false,
            ClusterResult.Planned, Images.Konnector("v1.3.0")
        },
        {
            "a digest pin is refused",
            new SnapshotBuilder().Deployment("konnector", Images.Klutch + "konnector@sha256:" + new string('a', 64)).Build(), "v1.3.1", null, null, false, false,
            ClusterResult.Refused, $"konnector is pinned by digest ({Images.Klutch}konnector@sha256:{new string('a', 64)}): pass --force to replace the pin with the tag v1.3.1"
        },
        {
            "--force replaces a digest pin with the tag",
            new SnapshotBuilder().Deployment("konnector", Images.Klutch + "konnector@sha256:" + new string('a', 64)).Build(), "v1.3.1", null, null, false, true,
            ClusterResult.Planned, Images.Konnector("v1.3.1")
        },
        {
            "a konnector on a control plane is not there",
            new SnapshotBuilder().Missing("konnector").Package("provider-anynines", Images.Provider("v1.3.0")).Build(), "v1.3.1", null, null, false, false,
            ClusterResult.NotPresent, "konnector is not in context \"kind-test\", which is a control plane: run the upgrade against the context of an app cluster"
        },
        {
            "a cluster without Klutch says so",
            new SnapshotBuilder().Missing("konnector").Missing("provider-anynines").Build(), "v1.3.1", null, null, false, false,
            ClusterResult.NotPresent, "konnector is not in context \"kind-test\", which has no Klutch component: run the upgrade against the context of an app cluster"
        },
        {
            "what could not be read is forbidden, not missing",
            new SnapshotBuilder().Unreadable("konnector", "deployments.apps is forbidden").Build(), "v1.3.1", null, null, false, false,
            ClusterResult.Forbidden, "cannot read konnector: deployments.apps is forbidden"
        },
        {
            "two konnectors: pick one with -n",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0")).Deployment("konnector", Images.Konnector("v1.2.0"), ns: "kube-bind").Build(),
            "v1.3.1", null, null, false, false,
            ClusterResult.Refused, "2 konnector objects run in context \"kind-test\" (klutch-bind/konnector, kube-bind/konnector): pick one with -n; the change log removes the old one with 'kubectl delete -n kube-bind deployment konnector'"
        },
        {
            "-n picks one of two",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0")).Deployment("konnector", Images.Konnector("v1.2.0"), ns: "kube-bind").Build(),
            "v1.3.1", "kube-bind", null, false, false,
            ClusterResult.Planned, Images.Konnector("v1.3.1")
        },
        {
            "-n names a namespace where it does not run",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0")).Build(), "v1.3.1", "tools", null, false, false,
            ClusterResult.Refused, "no konnector in namespace tools of context \"kind-test\"; it runs in klutch-bind"
        },
        {
            "an image without a reference cannot be planned",
            new SnapshotBuilder().Deployment("konnector", "").Build(), "v1.3.1", null, null, false, false,
            ClusterResult.Refused, "konnector in klutch-bind/konnector has no readable image reference at spec.template.spec.containers[name=konnector].image (\"\"): fix the object first"
        },
    };

    [Theory]
    [MemberData(nameof(UpgradeCases))]
    public void An_upgrade_is_planned_or_refused_with_its_reason(string @case, ClusterSnapshot snapshot, string version, string? ns, string? registry,
        bool allowDowngrade, bool force, ClusterResult result, string imageOrReason)
    {
        // Each case is about the component it adds first.
        var decision = Upgrade(snapshot, snapshot.Observations[0].Component.Name, version, ns, registry, allowDowngrade, force);

        Assert.True(result == decision.Result, $"{@case}: {decision.Result} ({decision.Reason})");
        Assert.Equal(imageOrReason, result == ClusterResult.Planned ? decision.Step!.To : decision.Reason);
    }

    [Fact]
    public void At_the_version_already_and_healthy_there_is_nothing_to_do()
    {
        var step = Upgrade(new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.1")).Build(), "konnector", "v1.3.1").Step!;

        Assert.True(step.Done);
        Assert.Null(step.Unsettled);
    }

    [Fact]
    public void At_the_version_but_crashing_the_step_follows_instead_of_calling_it_done()
    {
        var snapshot = new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.1"),
            change: d => d with { Status = d.Status! with { AvailableReplicas = 0, ReadyReplicas = 0, Conditions = [Views.Condition("Available", "False", "MinimumReplicasUnavailable")] } }).Build();

        var step = Upgrade(snapshot, "konnector", "v1.3.1").Step!;

        Assert.True(step.UpToDate);
        Assert.False(step.Done);
        Assert.NotNull(step.Unsettled);
    }

    [Fact]
    public void A_tag_that_is_not_a_release_is_planned_with_a_note_that_says_so()
    {
        var step = Upgrade(new SnapshotBuilder().Deployment("konnector", Images.Klutch + "konnector:main").Build(), "konnector", "v1.3.1").Step!;

        Assert.Equal(Images.Konnector("v1.3.1"), step.To);
        Assert.Contains("the installed tag \"main\" is not a release version, so it cannot be compared with v1.3.1", step.Notes);
    }

    [Fact]
    public void The_patch_changes_only_the_image_and_records_what_it_replaces()
    {
        var step = Upgrade(new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0")).Build(), "konnector", "v1.3.1").Step!;

        Assert.Equal(VersionedField.StrategicMerge, step.PatchType);
        Assert.Equal(
            "{\"metadata\":{\"annotations\":{\"" + VersionedField.RollbackAnnotation + "\":\"" + Images.Konnector("v1.3.0") + "\"}},"
            + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"konnector\",\"image\":\"" + Images.Konnector("v1.3.1") + "\"}]}}}}",
            step.Patch);
    }

    public static TheoryData<string, (string, string)[], ClusterResult, string> RollbackCases => new()
    {
        {
            "back to what the last upgrade replaced",
            [(VersionedField.RollbackAnnotation, Images.Konnector("v1.3.0"))],
            ClusterResult.Planned, Images.Konnector("v1.3.0")
        },
        {
            "nothing recorded",
            [],
            ClusterResult.Refused, $"konnector has no previous version recorded (annotation {VersionedField.RollbackAnnotation} on klutch-bind/konnector): the plugin records it when it upgrades; to go back without it, use 'kubectl klutch upgrade konnector VERSION --allow-downgrade'"
        },
        {
            "a rollback never flips back to the version that failed",
            [(VersionedField.RolledBackFromAnnotation, Images.Konnector("v1.3.1"))],
            ClusterResult.Refused, $"konnector in klutch-bind/konnector was already rolled back (from {Images.Konnector("v1.3.1")}), and no earlier version is recorded; to go back without it, use 'kubectl klutch upgrade konnector VERSION --allow-downgrade'"
        },
        {
            "a recorded value that is not an image",
            [(VersionedField.RollbackAnnotation, "not an image")],
            ClusterResult.Refused, "the recorded previous version of konnector (\"not an image\") is not an image reference: use 'kubectl klutch upgrade konnector VERSION --allow-downgrade'"
        },
    };

    [Theory]
    [MemberData(nameof(RollbackCases))]
    public void A_rollback_goes_back_to_the_record_or_says_why_not(string @case, (string, string)[] annotations, ClusterResult result, string imageOrReason)
    {
        var snapshot = new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.1"), change: Annotated(annotations)).Build();

        var decision = Rollback(snapshot, "konnector");

        Assert.True(result == decision.Result, $"{@case}: {decision.Result} ({decision.Reason})");
        Assert.Equal(imageOrReason, result == ClusterResult.Planned ? decision.Step!.To : decision.Reason);
    }

    [Fact]
    public void A_rollback_patch_records_where_it_came_from_and_drops_the_rollback_record()
    {
        var snapshot = new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.1"),
            change: Annotated((VersionedField.RollbackAnnotation, Images.Konnector("v1.3.0")))).Build();

        var step = Rollback(snapshot, "konnector").Step!;

        Assert.Contains($"\"{VersionedField.RolledBackFromAnnotation}\":\"{Images.Konnector("v1.3.1")}\"", step.Patch);
        Assert.Contains($"\"{VersionedField.RollbackAnnotation}\":null", step.Patch);
    }
}
