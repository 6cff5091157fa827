using KubectlKlutch.Catalog;
using KubectlKlutch.Health;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Preflight;

/// <summary>
/// The release notes of Klutch as checks, next to the catalog (facts from the change log; see
/// "What an upgrade should check before it patches" in the shared component reference).
/// </summary>
public static class ReleaseRules
{
    public const string PatchAndTransform = "function-patch-and-transform";
    public const string CrossplaneVersion = "crossplane-version";
    public const string ProviderConfigServiceType = "providerconfig-service-type";
    public const string KonnectorNamespace = "konnector-namespace";

    private static readonly ApiResource ProviderConfigs = new("dataservices.anynines.com", "v1", "providerconfigs", "ProviderConfig", false);
    private static readonly ReleaseVersion Crossplane120 = ReleaseVersion.Parse("v1.20.0");

    public static IReadOnlyList<ReleaseRule> All { get; } =
    [
        // 1.3.1: the configuration's compositions run through function-patch-and-transform.
        new(PatchAndTransform, new Crossing(ReleaseVersion.Parse("v1.3.1")), "dataservices", Severity.Blocking, (c, _) =>
        {
            var function = ComponentCatalog.Find(PatchAndTransform)!;
            var found = c.Snapshot.Of(function).ToList();
            var fix = $"install it first: 'crossplane xpkg install function {function.DefaultRepository}:v0.9.2', then wait until 'kubectl get functions' shows it Healthy";
            if (found.OfType<UnreadableObservation>().FirstOrDefault() is { } unreadable)
                return Result(new Finding(PatchAndTransform, Severity.Blocking, "functions.pkg.crossplane.io", $"could not check the Function {PatchAndTransform}: {unreadable.Reason}", fix) { CouldNotCheck = true });
            var package = found.OfType<PackageObservation>().FirstOrDefault();
            if (package is null)
                return Result(new Finding(PatchAndTransform, Severity.Blocking, $"function/{PatchAndTransform}",
                    $"{c.To} needs the Function {PatchAndTransform}, and there is none (no Function from a repository ending in /{PatchAndTransform})", fix));
            var health = PackageHealth.Assess(package);
            return health.IsHealthy
                ? Result()
                : Result(new Finding(PatchAndTransform, Severity.Blocking, $"function/{package.Package.Metadata.Name}",
                    $"{c.To} needs the Function {PatchAndTransform} Healthy, and it is {health.State}: {health.Message}", "make it Healthy first: 'kubectl describe function " + package.Package.Metadata.Name + "'"));
        }),

        // 1.4.0 was built on Crossplane v1.20; the package itself only declares >=v1.17.1.
        new(CrossplaneVersion, new Reaching(ReleaseVersion.Parse("v1.4.0")), Status.StatusBuilder.ControlPlaneRole, Severity.Warning, (c, _) =>
        {
            var crossplane = c.Snapshot.Of(ComponentCatalog.Find("crossplane")!).OfType<DeploymentObservation>().FirstOrDefault();
            var tag = ImageReference.TryParse(crossplane?.Container?.Image, out var image) ? image.Tag : null;
            return ReleaseVersion.TryParse(tag, out var running) && running.Release < Crossplane120
                ? Result(new Finding(CrossplaneVersion, Severity.Warning, $"deployment/{crossplane!.Deployment.Metadata.Namespace}/{crossplane.Deployment.Metadata.Name}",
                    $"{c.To} was built on Crossplane v1.20 (and needs a9s Data Services v68 or newer); this cluster runs Crossplane {running}",
                    "upgrade Crossplane first: 'kubectl klutch upgrade crossplane v1.20.0' prints the command for its install method"))
                : Result();
        }),

        // 1.5.0: ProviderConfigs gained the required field spec.serviceType.
        new(ProviderConfigServiceType, new Reaching(ReleaseVersion.Parse("v1.5.0")), "provider-anynines", Severity.Blocking, async (c, ct) =>
        {
            ObjectList<ProviderConfig> configs;
            try
            {
                configs = await c.Reads.GetAsync(ProviderConfigs.CollectionPath(null), KubeJson.Default.ObjectListProviderConfig, ct) ?? new();
            }
            catch (KubeException e) when (e.Failure == KubeFailure.Forbidden)
            {
                return [new Finding(ProviderConfigServiceType, Severity.Blocking, ProviderConfigs.QualifiedName, $"could not check the ProviderConfigs: {e.Message}", null) { CouldNotCheck = true }];
            }
            var missing = configs.Items.Where(p => string.IsNullOrEmpty(p.Spec?.ServiceType)).Select(p => p.Metadata.Name).ToList();
            return missing.Count == 0 ? [] :
            [
                new Finding(ProviderConfigServiceType, Severity.Blocking, string.Join(", ", missing.Select(m => "providerconfig/" + m)),
                    $"{c.To} requires spec.serviceType on every ProviderConfig, and {missing.Count} do not set it: {string.Join(", ", missing)}",
                    $"set it on each, for example 'kubectl patch providerconfig.dataservices.anynines.com {missing[0]} --type merge -p '{{\"spec\":{{\"serviceType\":\"PostgreSQL\"}}}}'' (the service the broker serves)"),
            ];
        }),

        // 1.3.0 renamed the app cluster's binding namespace kube-bind to klutch-bind.
        new(KonnectorNamespace, new Crossing(ReleaseVersion.Parse("v1.3.0")), "konnector", Severity.Warning, (c, _) =>
        {
            var found = c.Snapshot.Of(c.Component).OfType<DeploymentObservation>().ToList();
            return found is [{ Deployment.Metadata.Namespace: "kube-bind" } lone]
                ? Result(new Finding(KonnectorNamespace, Severity.Warning, $"deployment/kube-bind/{lone.Deployment.Metadata.Name}",
                    $"{c.To} moves the app cluster's bindings to namespace klutch-bind: this konnector is upgraded in kube-bind, and new bindings will place a konnector in klutch-bind",
                    "after the next binding, delete the old one: 'kubectl delete -n kube-bind deployment konnector'"))
                : Result();
        }),
    ];

    public static ReleaseRule? Find(string id) => All.FirstOrDefault(r => r.Id == id);

    private static Task<IReadOnlyList<Finding>> Result(params Finding[] findings) => Task.FromResult<IReadOnlyList<Finding>>(findings);
}
