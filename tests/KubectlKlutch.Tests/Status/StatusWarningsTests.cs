using KubectlKlutch.Inventory;
using KubectlKlutch.Status;
using KubectlKlutch.Tests.Snapshots;

namespace KubectlKlutch.Tests.Status;

/// <summary>The warnings `status` gives, over hand-built clusters: each case says what is odd about it and what is said.</summary>
public class StatusWarningsTests
{
    private const string LegacyKonnector = Images.Legacy + "konnector";
    private const string Upgrade = "which has no newer tags; an upgrade moves it to the klutch path on the same registry";

    private static SnapshotBuilder ControlPlane(string provider = "v1.3.0", string dataServices = "v1.3.0", string? backend = null) => new SnapshotBuilder()
        .Deployment("crossplane", Images.Crossplane("v1.17.1"), replicas: 1)
        .Package("provider-anynines", Images.Provider(provider))
        .Package("dataservices", Images.DataServices(dataServices))
        .Deployment("backend", backend ?? Images.Backend("v1.3.0"), replicas: 1)
        .Package("provider-kubernetes", Images.ProviderKubernetes("v0.14.1"))
        .Package("function-patch-and-transform", Images.PatchAndTransform("v0.7.0"));

    public static TheoryData<string, ClusterSnapshot, string[]> Cases => new()
    {
        { "an app cluster of today's layout", new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0")).Build(), [] },
        // Crossplane (v1.17.1), provider-kubernetes and the function are not Klutch releases.
        { "a control plane at one release", ControlPlane().Build(), [] },
        { "nothing of Klutch", new SnapshotBuilder().Missing("konnector").Missing("provider-anynines").Build(), [] },
        { "what could not be read", new SnapshotBuilder().Unreadable("konnector", "forbidden").Package("provider-anynines", Images.Provider("v1.3.0")).Build(), [] },
        {
            "the namespace before v1.3.0",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0"), ns: "kube-bind").Build(),
            ["konnector runs in namespace kube-bind, the layout of releases before v1.3.0 (now klutch-bind); new bindings will place it in klutch-bind"]
        },
        {
            "the product page's namespace and the image path before v1.3.0",
            new SnapshotBuilder().Deployment("konnector", LegacyKonnector + ":v1.2.1", ns: "bind").Build(),
            [
                "konnector runs in namespace bind, the layout of releases before v1.3.0 (now klutch-bind); new bindings will place it in klutch-bind",
                $"konnector uses the repository {LegacyKonnector} of releases before v1.3.0, {Upgrade}",
            ]
        },
        {
            "a namespace no release used is not called an old layout",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0"), ns: "tools").Build(), []
        },
        {
            "a mirror of the old path is the old path",
            new SnapshotBuilder().Deployment("konnector", "registry.example/w5n9a2g2/anynines/konnector:v1.2.0").Build(),
            [$"konnector uses the repository registry.example/w5n9a2g2/anynines/konnector of releases before v1.3.0, {Upgrade}"]
        },
        {
            "two konnectors at once: the older is named for deletion",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0")).Deployment("konnector", LegacyKonnector + ":v1.2.0", ns: "kube-bind").Build(),
            [
                "2 konnector Deployments run at once (klutch-bind/konnector v1.3.0, kube-bind/konnector v1.2.0): only the one in klutch-bind should run; delete the others with 'kubectl delete -n kube-bind deployment konnector'",
                $"konnector uses the repository {LegacyKonnector} of releases before v1.3.0, {Upgrade}",
                "components of this cluster run different Klutch versions (konnector v1.3.0, konnector v1.2.0): finish the update so that all run the same release",
            ]
        },
        {
            "three konnectors: every other one is named",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0")).Deployment("konnector", Images.Konnector("v1.3.0"), ns: "kube-bind")
                .Deployment("konnector", Images.Konnector("v1.3.0"), ns: "bind").Build(),
            ["3 konnector Deployments run at once (klutch-bind/konnector v1.3.0, kube-bind/konnector v1.3.0, bind/konnector v1.3.0): only the one in klutch-bind should run; delete the others with 'kubectl delete -n kube-bind deployment konnector' and 'kubectl delete -n bind deployment konnector'"]
        },
        {
            "a package upgrade that has not taken effect",
            new SnapshotBuilder().Package("provider-anynines", Images.Provider("v1.3.1"), runs: Images.Provider("v1.3.0"), failure: ("UnhealthyPackageRevision", "cannot unpack package")).Build(),
            [$"provider-anynines requests {Images.Provider("v1.3.1")} but its active revision runs {Images.Provider("v1.3.0")}: the upgrade has not taken effect"]
        },
        {
            "a control plane half way through an update",
            ControlPlane(dataServices: "v1.2.0", backend: Images.Backend("v1.2.0")).Build(),
            ["components of this cluster run different Klutch versions (provider-anynines v1.3.0, dataservices v1.2.0, backend v1.2.0): finish the update so that all run the same release"]
        },
        {
            "a component pinned by digest has no release to compare",
            ControlPlane(backend: Images.Klutch + "example-backend@sha256:" + new string('a', 64)).Build(), []
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Warns_about_what_the_product_pages_readers_hit(string _, ClusterSnapshot snapshot, string[] warnings)
    {
        var components = StatusBuilder.Build("test", "https://api.test", snapshot).Components;
        Assert.Equal(warnings, StatusWarnings.Find(snapshot, components));
    }
}
