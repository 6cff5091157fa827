using KubectlKlutch.Catalog;
using KubectlKlutch.Health;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Tests.Health;

public class PackageHealthTests
{
    private const string Old = "public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0";
    private const string New = "public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.1";

    private static Condition Cond(string type, string status, string? reason = null, string? message = null) =>
        new() { Type = type, Status = status, Reason = reason, Message = message };

    private static PackageRevision Revision(string name, string image, long number, params Condition[] conditions) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = new() { ["pkg.crossplane.io/package"] = "provider-anynines" } },
        Spec = new PackageRevisionSpec { Image = image, Revision = number, DesiredState = number == 1 ? "Active" : "Inactive" },
        Status = new PackageStatus { Conditions = [.. conditions] },
    };

    private static PackageObservation Observe(string requested, string current, params PackageRevision[] revisions) => new(
        ComponentCatalog.Find("provider-anynines")!,
        new Package
        {
            Metadata = new ObjectMeta { Name = "provider-anynines" },
            Spec = new PackageSpec { Package = requested },
            Status = new PackageStatus
            {
                CurrentIdentifier = current, CurrentRevision = "provider-anynines-a",
                Conditions = [Cond("Installed", "True"), Cond("Healthy", "True")],
            },
        },
        ComponentCatalog.Providers, revisions);

    [Fact]
    public void The_requested_package_running_and_healthy_is_healthy()
    {
        var o = Observe(Old, Old, Revision("provider-anynines-a", Old, 1, Cond("Healthy", "True")));
        Assert.Equal(new Assessment(HealthState.Healthy, "revision provider-anynines-a installed and healthy"), PackageHealth.Assess(o));
    }

    [Fact]
    public void Healthy_conditions_from_the_old_revision_do_not_hide_a_failed_upgrade()
    {
        var o = Observe(New, Old,
            Revision("provider-anynines-a", Old, 1, Cond("Healthy", "True")),
            Revision("provider-anynines-b", New, 2, Cond("Healthy", "False", "UnpackPackage", "cannot unpack package: manifest unknown")));
        var assessment = PackageHealth.Assess(o);
        Assert.Equal(HealthState.Degraded, assessment.State);
        Assert.Equal($"requests {New} but still runs {Old}: revision provider-anynines-b failed (UnpackPackage: cannot unpack package: manifest unknown)", assessment.Message);
    }

    [Fact]
    public void A_new_revision_still_unpacking_is_progressing()
    {
        var o = Observe(New, Old, Revision("provider-anynines-a", Old, 1, Cond("Healthy", "True")), Revision("provider-anynines-b", New, 2));
        Assert.Equal(HealthState.Progressing, PackageHealth.Assess(o).State);
    }

    private static PackageObservation WithPackage(PackageObservation o, long generation, params Condition[] conditions) => o with
    {
        Package = o.Package with
        {
            Metadata = o.Package.Metadata with { Generation = generation },
            Status = o.Package.Status with { Conditions = [.. conditions] },
        },
    };

    private static Pod Crashing(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "crossplane-system" },
        Status = new PodStatus
        {
            ContainerStatuses = [new ContainerStatus { Name = "package-runtime", State = new ContainerState(new ContainerStateDetail("CrashLoopBackOff", "back-off 40s restarting failed container"), null) }],
        },
    };

    [Fact]
    public void A_crossplane_2_revision_is_healthy_when_revision_and_runtime_are()
    {
        var o = Observe(Old, Old, Revision("provider-anynines-a", Old, 1, Cond("RevisionHealthy", "True"), Cond("RuntimeHealthy", "True")));
        Assert.Equal(HealthState.Healthy, PackageHealth.Assess(o).State);
    }

    [Fact]
    public void A_revision_without_either_vocabulary_is_unknown_never_healthy()
    {
        var o = Observe(Old, Old, Revision("provider-anynines-a", Old, 1, Cond("Synced", "True")));
        Assert.Equal(new Assessment(HealthState.Unknown, "revision provider-anynines-a reports no health condition (Healthy, or RevisionHealthy and RuntimeHealthy)"), PackageHealth.Assess(o));
    }

    [Fact]
    public void A_crossplane_2_provider_without_runtime_health_yet_is_progressing()
    {
        var o = Observe(Old, Old, Revision("provider-anynines-a", Old, 1, Cond("RevisionHealthy", "True")));
        Assert.Equal(HealthState.Progressing, PackageHealth.Assess(o).State);
    }

    [Theory]
    [InlineData("RuntimeHealthy", "Deployment does not have minimum availability.")]
    [InlineData("Healthy", "post establish runtime hook failed for package: provider package deployment is unavailable with message: Deployment does not have minimum availability.")]
    public void A_runtime_still_starting_is_progressing_and_one_whose_pods_crash_is_degraded_naming_the_pod(string type, string message)
    {
        var conditions = type == "Healthy" ? new[] { Cond("Healthy", "False", "UnhealthyPackageRevision", message) }
            : [Cond("RevisionHealthy", "True"), Cond("RuntimeHealthy", "False", "UnhealthyRuntime", message)];
        var o = Observe(Old, Old, Revision("provider-anynines-a", Old, 1, conditions));
        Assert.Equal(new Assessment(HealthState.Progressing, "provider runtime unavailable: " + message), PackageHealth.Assess(o));

        var crashing = o with { RuntimePods = [Crashing("provider-anynines-a-5d8f-x2k9q")] };
        Assert.Equal(new Assessment(HealthState.Degraded, "provider runtime unavailable: pod provider-anynines-a-5d8f-x2k9q: CrashLoopBackOff (back-off 40s restarting failed container)"),
            PackageHealth.Assess(crashing));
    }

    [Fact]
    public void A_configuration_has_no_runtime_to_wait_for()
    {
        var o = Observe(Old, Old, Revision("provider-anynines-a", Old, 1, Cond("RevisionHealthy", "True"))) with { Resource = ComponentCatalog.Configurations };
        Assert.Equal(HealthState.Healthy, PackageHealth.Assess(o).State);
    }

    private const string Unpack = "cannot unpack package: failed to fetch package digest from remote: GET https://public.ecr.aws/v2/w5n9a2g2/klutch/provider-anynines/manifests/";

    [Fact]
    public void A_crossplane_1_fetch_failure_counts_only_when_its_message_names_the_requested_tag()
    {
        var current = Observe(New, Old, Revision("provider-anynines-a", Old, 1, Cond("Healthy", "True")));
        var failed = WithPackage(current, 2, Cond("Installed", "False", "UnpackingPackage", Unpack + "v1.3.1: MANIFEST_UNKNOWN"), Cond("Healthy", "True"));
        Assert.Equal(HealthState.Degraded, PackageHealth.Assess(failed).State);

        // A rollback to v1.3.0: the error about v9.9.9 is not this spec's.
        var rolledBack = WithPackage(Observe(Old, Old, Revision("provider-anynines-a", Old, 1, Cond("Healthy", "True"))), 3,
            Cond("Installed", "False", "UnpackingPackage", Unpack + "v9.9.9: MANIFEST_UNKNOWN"), Cond("Healthy", "True"));
        Assert.Equal(HealthState.Progressing, PackageHealth.Assess(rolledBack).State);

        var fetching = WithPackage(current, 2, Cond("Installed", "False", "UnpackingPackage"), Cond("Healthy", "True"));
        Assert.Equal(HealthState.Progressing, PackageHealth.Assess(fetching).State);
    }

    [Theory]
    [InlineData(1L, HealthState.Progressing)] // judged the spec before the patch
    [InlineData(2L, HealthState.Degraded)]
    public void A_crossplane_2_fetch_failure_counts_once_it_has_seen_the_current_generation(long observed, HealthState expected)
    {
        var o = WithPackage(Observe(New, Old, Revision("provider-anynines-a", Old, 1, Cond("RevisionHealthy", "True"), Cond("RuntimeHealthy", "True"))), 2,
            Cond("Installed", "False", "UnpackingPackage", "cannot unpack package: UNAUTHORIZED") with { ObservedGeneration = observed },
            Cond("Healthy", "False", "UnpackingPackage", "cannot unpack package: UNAUTHORIZED") with { ObservedGeneration = observed });
        Assert.Equal(expected, PackageHealth.Assess(o).State);
    }
}
