using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// App clusters whose konnector another tool owns, marked as ownership.md says each tool marks
/// it (annotations, labels, the manager in managedFields), with the tool's own object where the
/// tool has one. Where the tool puts the image back by itself, the reverter (<see cref="RevertController"/>)
/// plays it under the tool's manager name.
/// </summary>
public static class OwnerScenarios
{
    public const string ArgoCdAutomated = "argocd-automated-app-cluster";
    public const string ArgoCdManual = "argocd-manual-app-cluster";
    public const string ArgoCdSkipReconcile = "argocd-skip-reconcile-app-cluster";
    public const string Flux = "flux-app-cluster";
    public const string FluxSuspended = "flux-suspended-app-cluster";
    public const string FluxReconcileDisabled = "flux-reconcile-disabled-app-cluster";
    public const string FluxSsaIgnore = "flux-ssa-ignore-app-cluster";
    public const string HelmControllerDrift = "helm-controller-drift-app-cluster";
    public const string HelmController = "helm-controller-app-cluster";
    public const string Helm = "helm-app-cluster";
    public const string KubectlApply = "kubectl-apply-app-cluster";
    /// <summary>A controller none of the known tools (manager <see cref="KeeperManager"/>) puts the image back.</summary>
    public const string Reverting = "reverting-app-cluster";

    public const string ArgoApplication = "klutch-konnector";
    public const string KeeperManager = "image-keeper";
    public const string Image = Seeder.NewPrefix + "konnector:v1.3.0";

    public static IReadOnlyList<string> All { get; } =
    [
        ArgoCdAutomated, ArgoCdManual, ArgoCdSkipReconcile, Flux, FluxSuspended, FluxReconcileDisabled, FluxSsaIgnore,
        HelmControllerDrift, HelmController, Helm, KubectlApply, Reverting,
    ];

    internal static bool Seed(string scenario, Seeder s, ClusterState state)
    {
        if (!All.Contains(scenario))
        {
            return false;
        }
        s.Konnector("klutch-bind", Image);
        foreach (var crd in Crds.Owners(s.Created))
        {
            s.Put(crd);
        }
        var labels = new JsonObject();
        var annotations = new JsonObject();
        var (manager, operation) = (FieldWriter.Update, FieldWriter.Update);
        switch (scenario)
        {
            case ArgoCdAutomated or ArgoCdManual or ArgoCdSkipReconcile:
                annotations["argocd.argoproj.io/tracking-id"] = $"{ArgoApplication}:apps/Deployment:klutch-bind/konnector";
                // Automated sync applies server-side; the manual Application syncs client-side, which leaves a last-applied annotation too.
                (manager, operation) = ("argocd-controller", scenario == ArgoCdManual ? FieldWriter.Update : FieldWriter.Apply);
                if (scenario == ArgoCdManual)
                {
                    annotations["kubectl.kubernetes.io/last-applied-configuration"] = LastApplied();
                }
                s.Namespace("argocd");
                var app = Unit("argoproj.io/v1alpha1", "Application", "argocd", ArgoApplication, s.Created, new JsonObject
                {
                    ["project"] = "default",
                    ["source"] = new JsonObject { ["repoURL"] = "https://git.example/platform/klutch.git", ["path"] = "konnector", ["targetRevision"] = "main" },
                    ["destination"] = new JsonObject { ["server"] = "https://kubernetes.default.svc", ["namespace"] = "klutch-bind" },
                });
                if (scenario != ArgoCdManual)
                {
                    app.Obj("spec")["syncPolicy"] = new JsonObject { ["automated"] = new JsonObject { ["prune"] = true, ["selfHeal"] = true } };
                }
                if (scenario == ArgoCdSkipReconcile)
                {
                    app.Meta()["annotations"] = new JsonObject { ["argocd.argoproj.io/skip-reconcile"] = "true" };
                }
                s.Put(app);
                break;
            case Flux or FluxSuspended or FluxReconcileDisabled or FluxSsaIgnore:
                labels["kustomize.toolkit.fluxcd.io/name"] = "klutch";
                labels["kustomize.toolkit.fluxcd.io/namespace"] = "flux-system";
                (manager, operation) = ("kustomize-controller", FieldWriter.Apply);
                if (scenario == FluxReconcileDisabled)
                {
                    annotations["kustomize.toolkit.fluxcd.io/reconcile"] = "disabled";
                }
                if (scenario == FluxSsaIgnore)
                {
                    annotations["kustomize.toolkit.fluxcd.io/ssa"] = "Ignore";
                }
                s.Namespace("flux-system");
                s.Put(Unit("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "klutch", s.Created, new JsonObject
                {
                    ["interval"] = "10m",
                    ["path"] = "./konnector",
                    ["prune"] = true,
                    ["sourceRef"] = new JsonObject { ["kind"] = "GitRepository", ["name"] = "flux-system" },
                    ["suspend"] = scenario == FluxSuspended,
                }));
                break;
            case HelmControllerDrift or HelmController:
                labels["helm.toolkit.fluxcd.io/name"] = "klutch-konnector";
                labels["helm.toolkit.fluxcd.io/namespace"] = "flux-system";
                HelmMarks(labels, annotations, "klutch-konnector", "klutch-bind");
                (manager, operation) = ("helm-controller", FieldWriter.Update);
                s.Namespace("flux-system");
                var release = Unit("helm.toolkit.fluxcd.io/v2", "HelmRelease", "flux-system", "klutch-konnector", s.Created, new JsonObject
                {
                    ["interval"] = "10m",
                    ["releaseName"] = "klutch-konnector",
                    ["targetNamespace"] = "klutch-bind",
                    ["chart"] = new JsonObject { ["spec"] = new JsonObject { ["chart"] = "konnector", ["sourceRef"] = new JsonObject { ["kind"] = "HelmRepository", ["name"] = "klutch" } } },
                });
                if (scenario == HelmControllerDrift)
                {
                    release.Obj("spec")["driftDetection"] = new JsonObject { ["mode"] = "enabled" };
                }
                s.Put(release);
                break;
            case Helm:
                HelmMarks(labels, annotations, "konnector", "klutch-bind");
                (manager, operation) = ("helm", FieldWriter.Update);
                break;
            case KubectlApply:
                annotations["kubectl.kubernetes.io/last-applied-configuration"] = LastApplied();
                (manager, operation) = ("kubectl-client-side-apply", FieldWriter.Update);
                break;
            case Reverting:
                (manager, operation) = (KeeperManager, FieldWriter.Update);
                break;
        }
        Mark(state, s.Created, labels, annotations, manager, operation);
        if (scenario is ArgoCdAutomated or Flux or HelmControllerDrift or Reverting)
        {
            RevertController.Keep(s, "klutch-bind", "konnector", "konnector", Image, manager, operation);
        }
        return true;
    }

    private static void HelmMarks(JsonObject labels, JsonObject annotations, string release, string ns)
    {
        labels["app.kubernetes.io/managed-by"] = "Helm";
        labels["app.kubernetes.io/instance"] = release;
        annotations["meta.helm.sh/release-name"] = release;
        annotations["meta.helm.sh/release-namespace"] = ns;
    }

    /// <summary>Puts the markers on the konnector and makes the tool's manager own every field of it, as after the tool created it.</summary>
    private static void Mark(ClusterState state, DateTimeOffset created, JsonObject labels, JsonObject annotations, string manager, string operation)
    {
        var d = state.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!;
        foreach (var (k, v) in labels)
        {
            d.Obj("metadata").Obj("labels")[k] = v?.DeepClone();
        }
        foreach (var (k, v) in annotations)
        {
            d.Obj("metadata").Obj("annotations")[k] = v?.DeepClone();
        }
        ManagedFields.Claim(d, manager, operation, created);
        state.Put(d);
    }

    private static string LastApplied() => new JsonObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = "konnector", ["namespace"] = "klutch-bind" },
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "konnector", ["image"] = Image }) },
            },
        },
    }.ToJsonString();

    private static JsonObject Unit(string apiVersion, string kind, string ns, string name, DateTimeOffset created, JsonObject spec) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = Json.Time(created), ["generation"] = 1 },
        ["spec"] = spec,
    };
}
