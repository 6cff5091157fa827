using KubectlKlutch.Kube;

namespace KubectlKlutch.Catalog;

/// <summary>
/// Every Klutch component, every generation of its names. The one table `status`, `versions`
/// and `upgrade` read: adding a component is adding an entry here, never a branch in a verb.
/// Facts from the release bundles, the product page and the change log.
/// </summary>
public static class ComponentCatalog
{
    private const string Klutch = "public.ecr.aws/w5n9a2g2/klutch/";
    private const string Anynines = "public.ecr.aws/w5n9a2g2/anynines/";

    public static readonly ApiResource Providers = new("pkg.crossplane.io", "v1", "providers", "Provider", false);
    public static readonly ApiResource ProviderRevisions = new("pkg.crossplane.io", "v1", "providerrevisions", "ProviderRevision", false);
    public static readonly ApiResource Configurations = new("pkg.crossplane.io", "v1", "configurations", "Configuration", false);
    public static readonly ApiResource ConfigurationRevisions = new("pkg.crossplane.io", "v1", "configurationrevisions", "ConfigurationRevision", false);
    public static readonly ApiResource Functions = new("pkg.crossplane.io", "v1", "functions", "Function", false);
    public static readonly ApiResource FunctionRevisions = new("pkg.crossplane.io", "v1", "functionrevisions", "FunctionRevision", false);

    public static IReadOnlyList<Component> All { get; } =
    [
        new()
        {
            Name = "konnector",
            Role = ClusterRole.AppCluster,
            // v1.3.0 moved it from kube-bind to klutch-bind; the product page still says bind.
            Workload = new DeploymentWorkload(["konnector"], ["klutch-bind", "kube-bind", "bind"], "app=konnector", "konnector"),
            DefaultRepository = Klutch + "konnector",
            LegacyRepository = Anynines + "konnector",
            KlutchRelease = true,
        },
        new()
        {
            Name = "crossplane",
            Role = ClusterRole.ControlPlane,
            Workload = new DeploymentWorkload(["crossplane"], ["crossplane-system"], "app=crossplane", "crossplane"),
            DefaultRepository = "xpkg.upbound.io/crossplane/crossplane",
            Upgrade = UpgradeMethod.Upstream,
            HelmChart = "crossplane-stable/crossplane",
        },
        new()
        {
            Name = "provider-anynines",
            Aliases = ["provider", "anynines-provider"],
            Role = ClusterRole.ControlPlane,
            Workload = new PackageWorkload(["provider-anynines"], [Providers], ProviderRevisions, "/provider-anynines"),
            DefaultRepository = Klutch + "provider-anynines",
            LegacyRepository = Anynines + "provider-anynines",
            KlutchRelease = true,
            ControlPlaneOrder = 1,
        },
        new()
        {
            Name = "dataservices",
            Aliases = ["configuration", "data-services", "anynines-dataservices", "w5n9a2g2-anynines-dataservices"],
            Role = ClusterRole.ControlPlane,
            // Release bundles name it anynines-dataservices; `crossplane xpkg install` (and the product page) the other.
            Workload = new PackageWorkload(["anynines-dataservices", "w5n9a2g2-anynines-dataservices"], [Configurations], ConfigurationRevisions, "/dataservices"),
            DefaultRepository = Klutch + "dataservices",
            LegacyRepository = Anynines + "dataservices",
            KlutchRelease = true,
            ControlPlaneOrder = 2,
            AfterUpgrade = "if this release adds data service types, create their bindings in every app cluster (product page, step 5: the binding steps of the tenant cluster setup)",
        },
        new()
        {
            Name = "backend",
            Aliases = ["anynines-backend", "klutch-bind-backend", "klutch-backend"],
            Role = ClusterRole.ControlPlane,
            Workload = new DeploymentWorkload(["anynines-backend", "klutch-bind-backend"], ["bind", "klutch-bind", "default"], "app=anynines-backend", "anynines-backend"),
            DefaultRepository = Klutch + "example-backend",
            LegacyRepository = Anynines + "kubebind-backend",
            KlutchRelease = true,
            ControlPlaneOrder = 3,
            AfterUpgrade = "each release ships the backend's CRDs (apiserviceexporttemplates.bind.anynines.com and the klutch.anynines.com kinds): apply the release's CRDs as in the backend installation instructions, then check them with 'kubectl get crd | grep anynines.com'",
        },
        new()
        {
            Name = "provider-kubernetes",
            Role = ClusterRole.ControlPlane,
            Workload = new PackageWorkload(["provider-kubernetes"], [Providers], ProviderRevisions, "/provider-kubernetes"),
            DefaultRepository = "xpkg.upbound.io/crossplane-contrib/provider-kubernetes",
            ShellReleases = ["v0.16.0", "v0.15.0", "v0.14.1"],
        },
        new()
        {
            Name = "function-patch-and-transform",
            Aliases = ["function"],
            Role = ClusterRole.ControlPlane,
            // Served as pkg.crossplane.io/v1 by newer Crossplane, v1beta1 by older releases.
            Workload = new PackageWorkload(["function-patch-and-transform"], [Functions, Functions.WithVersion("v1beta1")], FunctionRevisions, "/function-patch-and-transform"),
            DefaultRepository = "xpkg.upbound.io/crossplane-contrib/function-patch-and-transform",
            // Needed by the configuration from v1.3.1 on; older control planes run without it.
            Required = false,
            Upgrade = UpgradeMethod.ReportOnly,
        },
    ];

    /// <summary>The name `upgrade` and `versions` take for the control plane's components, in upgrade order.</summary>
    public const string ControlPlaneGroup = "control-plane";

    public static Component? Find(string name) => All.FirstOrDefault(c => c.Answers(name));

    public static IEnumerable<Component> ControlPlaneOrder =>
        All.Where(c => c.ControlPlaneOrder is not null).OrderBy(c => c.ControlPlaneOrder);
}
