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
}
