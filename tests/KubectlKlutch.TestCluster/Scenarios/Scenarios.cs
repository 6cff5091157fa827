using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// The Klutch-shaped clusters a test can start, one per generation and layout in
/// klutch-components.md. Plugin tests assert on these exact names, images and packages.
/// </summary>
public static class Scenarios
{
    public const string AppCluster = "app-cluster";
    public const string LegacyAppCluster = "legacy-app-cluster";
    public const string ProductPageAppCluster = "product-page-app-cluster";
    public const string TwoKonnectors = "two-konnectors";
    public const string ControlPlane = "control-plane";
    public const string ControlPlaneMidway = "control-plane-midway";
    public const string Empty = "empty";
    public const string AppAndControlPlane = "app-and-control-plane";
    /// <summary>The control plane on Crossplane 1.20 (what Klutch 1.4 and 1.5 are built on): provider runtimes, ImageConfig served.</summary>
    public const string ControlPlaneCrossplane120 = "control-plane-crossplane-1.20";
    /// <summary>The control plane on Crossplane 2.3: revisions carry RevisionHealthy and RuntimeHealthy, not Healthy.</summary>
    public const string ControlPlaneCrossplane2 = "control-plane-crossplane-2";
    /// <summary>Crossplane 1.20 with an ImageConfig that pulls Klutch's packages from a site mirror (<see cref="SiteMirrorPrefix"/>).</summary>
    public const string ControlPlaneImageConfig = "control-plane-image-config";

    /// <summary>
    /// A control plane in control-plane mode: AppClusterBindings app1 and app2 (namespace default)
    /// whose konnectors the backend runs as konnector-app1/-app2 in klutch-bind-default-app1/-app2,
    /// each beside its ClusterBinding; the backend's reconciler writes a changed spec back.
    /// </summary>
    public const string ControlPlaneMode = "control-plane-mode";
    /// <summary>
    /// A control plane with three bound app clusters (ClusterBindings in prod-eu, prod-us, staging):
    /// prod-us silent for 31 minutes, staging's konnector one release behind.
    /// </summary>
    public const string ControlPlaneBound = "control-plane-bound";
    /// <summary>An app cluster (konnector v1.3.0) with two APIServiceBindings, cluster scoped as up to 1.5.0.</summary>
    public const string AppClusterBindings = "app-cluster-bindings";
    /// <summary>The same with APIServiceBindings namespaced (in default), as in the line after 1.5.0.</summary>
    public const string AppClusterBindingsNamespaced = "app-cluster-bindings-namespaced";

    /// <summary>Where the ImageConfig of <see cref="ControlPlaneImageConfig"/> sends Klutch's packages.</summary>
    public const string SiteMirrorPrefix = "registry.klutch.example/w5n9a2g2/klutch/";

    /// <summary>The name of that ImageConfig.</summary>
    public const string SiteMirrorImageConfig = "klutch-site-mirror";

    public static IReadOnlyList<string> All { get; } =
    [
        AppCluster, LegacyAppCluster, ProductPageAppCluster, TwoKonnectors,
        ControlPlane, ControlPlaneMidway, Empty, AppAndControlPlane,
        ControlPlaneCrossplane120, ControlPlaneCrossplane2, ControlPlaneImageConfig,
        ControlPlaneMode, ControlPlaneBound, AppClusterBindings, AppClusterBindingsNamespaced,
        .. OwnerScenarios.All,
    ];

    /// <summary>The Crossplane version a scenario plays unless the options name one.</summary>
    public static string CrossplaneVersionOf(string scenario) => scenario switch
    {
        ControlPlaneCrossplane120 or ControlPlaneImageConfig => "1.20.0",
        ControlPlaneCrossplane2 => "2.3.0",
        _ => CrossplaneRelease.Default,
    };

    internal static void Seed(string scenario, ClusterState state, string? crossplaneVersion = null)
    {
        var s = new Seeder(state, CrossplaneRelease.Parse(crossplaneVersion ?? CrossplaneVersionOf(scenario)));
        foreach (var ns in new[] { "default", "kube-system", "kube-public" })
        {
            s.Namespace(ns);
        }
        if (OwnerScenarios.Seed(scenario, s, state))
        {
            return;
        }
        switch (scenario)
        {
            case Empty:
                break;
            case AppCluster:
                s.Konnector("klutch-bind", Seeder.NewPrefix + "konnector:v1.3.0");
                break;
            case LegacyAppCluster:
                s.Konnector("kube-bind", Seeder.LegacyPrefix + "konnector:v1.2.0");
                break;
            case ProductPageAppCluster:
                s.Konnector("bind", Seeder.LegacyPrefix + "konnector:v1.2.1", productPage: true);
                break;
            case TwoKonnectors:
                s.Konnector("kube-bind", Seeder.LegacyPrefix + "konnector:v1.2.0");
                s.Konnector("klutch-bind", Seeder.NewPrefix + "konnector:v1.3.0");
                break;
            case ControlPlane:
                ControlPlaneAt(s, "anynines-dataservices", Seeder.NewPrefix + "dataservices:v1.3.0",
                    Seeder.NewPrefix + "example-backend:v1.3.0");
                break;
            case ControlPlaneMidway:
                ControlPlaneAt(s, "w5n9a2g2-anynines-dataservices", Seeder.LegacyPrefix + "dataservices:v1.2.0",
                    Seeder.LegacyPrefix + "kubebind-backend:v1.2.0");
                break;
            case ControlPlaneCrossplane120:
            case ControlPlaneCrossplane2:
                ControlPlaneAt(s, "anynines-dataservices", Seeder.NewPrefix + "dataservices:v1.3.0",
                    Seeder.NewPrefix + "example-backend:v1.3.0");
                break;
            case ControlPlaneImageConfig:
                ControlPlaneAt(s, "anynines-dataservices", Seeder.NewPrefix + "dataservices:v1.3.0",
                    Seeder.NewPrefix + "example-backend:v1.3.0",
                    () => s.Put(ImageConfigs.New(SiteMirrorImageConfig, Seeder.NewPrefix, SiteMirrorPrefix, s.Created)));
                break;
            case AppAndControlPlane:
                ControlPlaneAt(s, "anynines-dataservices", Seeder.NewPrefix + "dataservices:v1.3.0",
                    Seeder.NewPrefix + "example-backend:v1.3.0");
                s.Konnector("klutch-bind", Seeder.NewPrefix + "konnector:v1.3.0");
                break;
            case ControlPlaneMode:
                ControlPlaneAt(s, "anynines-dataservices", Seeder.NewPrefix + "dataservices:v1.3.0",
                    Seeder.NewPrefix + "example-backend:v1.3.0");
                foreach (var binding in new[] { "app1", "app2" })
                {
                    s.BackendKonnector("default", binding, Seeder.NewPrefix + "konnector:v1.3.0");
                }
                break;
            case ControlPlaneBound:
                ControlPlaneAt(s, "anynines-dataservices", Seeder.NewPrefix + "dataservices:v1.3.0",
                    Seeder.NewPrefix + "example-backend:v1.3.0");
                s.BoundAppCluster("prod-eu", "v1.3.0", TimeSpan.FromMinutes(1));
                s.BoundAppCluster("prod-us", "v1.3.0", TimeSpan.FromMinutes(31), silent: true);
                s.BoundAppCluster("staging", "v1.2.1", TimeSpan.FromMinutes(2));
                break;
            case AppClusterBindings:
            case AppClusterBindingsNamespaced:
                s.Konnector("klutch-bind", Seeder.NewPrefix + "konnector:v1.3.0");
                s.ServiceBindings(scenario == AppClusterBindingsNamespaced ? "default" : null);
                break;
            default:
                throw new ArgumentException($"unknown scenario \"{scenario}\"; known: {string.Join(", ", All)}", nameof(scenario));
        }
    }

    /// <summary>A control plane: Crossplane, the two providers, the function, the data services
    /// configuration, the klutch-bind backend and its CRDs, and two ProviderConfigs.</summary>
    private static void ControlPlaneAt(Seeder s, string configurationName, string configurationPackage, string backendImage,
        Action? beforePackages = null)
    {
        var version = s.Crossplane.Version;
        s.RolledOutDeployment("crossplane-system", "crossplane",
            new JsonObject
            {
                ["app"] = "crossplane",
                ["app.kubernetes.io/component"] = "cloud-infrastructure-controller",
                ["app.kubernetes.io/instance"] = "crossplane",
                ["app.kubernetes.io/managed-by"] = "Helm",
                ["app.kubernetes.io/name"] = "crossplane",
                ["app.kubernetes.io/part-of"] = "crossplane",
                ["app.kubernetes.io/version"] = version,
                ["helm.sh/chart"] = "crossplane-" + version,
            },
            new JsonObject
            {
                ["meta.helm.sh/release-name"] = "crossplane",
                ["meta.helm.sh/release-namespace"] = "crossplane-system",
            },
            1, "RollingUpdate",
            new JsonObject
            {
                ["serviceAccountName"] = "crossplane",
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "crossplane",
                    ["image"] = "xpkg.upbound.io/crossplane/crossplane:v" + version,
                    ["args"] = new JsonArray("core", "start"),
                }),
            });
        s.ServiceAccount("crossplane-system", "crossplane");
        s.CrossplaneCrds();
        beforePackages?.Invoke();
        s.Package("pkg.crossplane.io/v1", "Provider", "provider-anynines", Seeder.NewPrefix + "provider-anynines:v1.3.0");
        s.Package("pkg.crossplane.io/v1", "Provider", "provider-kubernetes",
            "xpkg.upbound.io/crossplane-contrib/provider-kubernetes:v0.14.1");
        s.Package("pkg.crossplane.io/v1beta1", "Function", "function-patch-and-transform",
            "xpkg.upbound.io/crossplane-contrib/function-patch-and-transform:v0.7.0");
        s.Package("pkg.crossplane.io/v1", "Configuration", configurationName, configurationPackage);

        s.RolledOutDeployment("bind", "anynines-backend", new JsonObject { ["app"] = "anynines-backend" }, null, 1, "Recreate",
            new JsonObject
            {
                ["serviceAccountName"] = "anynines-backend",
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "anynines-backend",
                    ["image"] = backendImage,
                    ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 9443, ["name"] = "https", ["protocol"] = "TCP" }),
                }),
            });
        s.ServiceAccount("bind", "anynines-backend");
        foreach (var crd in Crds.Backend(s.Created))
        {
            s.Put(crd);
        }
        s.Put(Crds.ProviderConfigs(s.Created));
        foreach (var name in new[] { "postgresql-service-broker", "postgresql-backup-manager" })
        {
            var secret = name + "-creds";
            s.Put(new JsonObject
            {
                ["apiVersion"] = "dataservices.anynines.com/v1",
                ["kind"] = "ProviderConfig",
                ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = Json.Time(s.Created), ["generation"] = 1 },
                ["spec"] = new JsonObject
                {
                    ["serviceType"] = "PostgreSQL",
                    ["url"] = name.EndsWith("broker", StringComparison.Ordinal)
                        ? "http://postgresql-service-broker.dataservices.svc.cluster.local:3000"
                        : "http://postgresql-backup-manager.dataservices.svc.cluster.local:3000",
                    ["providerCredentials"] = new JsonObject
                    {
                        ["source"] = "Secret",
                        ["username"] = new JsonObject { ["secretRef"] = new JsonObject { ["namespace"] = "crossplane-system", ["name"] = secret, ["key"] = "username" } },
                        ["password"] = new JsonObject { ["secretRef"] = new JsonObject { ["namespace"] = "crossplane-system", ["name"] = secret, ["key"] = "password" } },
                    },
                },
            });
        }
    }
}
