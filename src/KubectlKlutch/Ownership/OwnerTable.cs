using System.Text.Json;

namespace KubectlKlutch.Ownership;

/// <summary>What an owner's markers say about one live object: its labels and annotations, and the manager of the field.</summary>
public sealed record Markers(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, FieldManagerEntry? Field)
{
    public string? Label(string key) => Labels.GetValueOrDefault(key);
    public string? Annotation(string key) => Annotations.GetValueOrDefault(key);
    public bool ManagedBy(string manager) => Field?.Manager == manager;
}

/// <summary>One owner's verdict: when it puts the field back, how the table treats that, and why.</summary>
public sealed record Judgement(Reverts Reverts, OwnerClass Class, string Detail);

/// <summary>One row of the owner table: how a tool marks what it owns, its unit, where its own object is, and how to judge it.</summary>
public sealed record OwnerKind(
    string Tool,
    Func<Markers, bool> Marks,
    Func<Markers, string> Unit,
    Func<Markers, string?> UnitObjectPath,
    Func<Markers, JsonElement?, Judgement> Judge,
    Func<Markers, string> Instead);

/// <summary>
/// The owners the plugin knows, in the order they are tried (facts in ownership.md): the first
/// whose markers are on the object owns it. Argo CD is recognised only by its tracking-id
/// annotation or its manager, never by `app.kubernetes.io/instance` alone, which most Helm
/// charts set too. helm-controller comes before Helm because it leaves Helm's marks as well.
/// </summary>
public static class OwnerTable
{
    private const string ArgoTracking = "argocd.argoproj.io/tracking-id";
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    public static IReadOnlyList<OwnerKind> All { get; } =
    [
        new("Argo CD",
            m => m.Annotation(ArgoTracking) is not null || m.ManagedBy("argocd-controller"),
            m => ArgoApp(m) is { } app ? $"Argo CD application {app.Display}" : "Argo CD (no tracking-id names the application)",
            m => ArgoApp(m) is { } app ? $"/apis/argoproj.io/v1alpha1/namespaces/{app.Namespace}/applications/{app.Name}" : null,
            (_, app) => app is not { } a ? new(Reverts.Unknown, OwnerClass.RevertsSoon, "its Application could not be read, so it may sync automatically")
                : Str(a, "metadata", "annotations", "argocd.argoproj.io/skip-reconcile") == "true"
                    ? new(Reverts.Never, OwnerClass.ToldNotToTouch, "the Application has argocd.argoproj.io/skip-reconcile: \"true\"")
                : Has(a, "spec", "syncPolicy", "automated")
                    ? Str(a, "spec", "syncPolicy", "automated", "selfHeal") == "true"
                        ? new(Reverts.Now, OwnerClass.RevertsSoon, "it syncs automatically with selfHeal and puts it back within seconds")
                        : new(Reverts.NextSync, OwnerClass.RevertsNextRun, "it syncs automatically without selfHeal and puts it back at the next sync")
                : new(Reverts.NextSync, OwnerClass.RevertsNextRun, "it syncs manually and puts it back at the next sync"),
            m => $"change the image tag in the source {(ArgoApp(m) is { } app ? "application " + app.Display : "the Argo CD application")} syncs from"),
        new("Flux helm-controller",
            m => m.Label("helm.toolkit.fluxcd.io/name") is not null || m.ManagedBy("helm-controller"),
            m => $"Flux HelmRelease {Unit(m, "helm.toolkit.fluxcd.io")}",
            m => m.Label("helm.toolkit.fluxcd.io/name") is { } n
                ? $"/apis/helm.toolkit.fluxcd.io/v2/namespaces/{m.Label("helm.toolkit.fluxcd.io/namespace") ?? "flux-system"}/helmreleases/{n}" : null,
            (m, hr) => m.Label("helm.toolkit.fluxcd.io/driftDetection") == "disabled"
                    ? new(Reverts.NextSync, OwnerClass.RevertsNextRun, "the object is left out of drift detection; the next upgrade of the release puts it back")
                : hr is not { } h ? new(Reverts.Unknown, OwnerClass.RevertsSoon, "its HelmRelease could not be read, so it may correct drift")
                : Str(h, "spec", "driftDetection", "mode") == "enabled"
                    ? new(Reverts.Now, OwnerClass.RevertsSoon, "its drift detection is enabled and puts it back at the next reconcile")
                    : new(Reverts.NextSync, OwnerClass.RevertsNextRun, "its drift detection is off; the next upgrade of the release puts it back"),
            m => $"change the image value of HelmRelease {Unit(m, "helm.toolkit.fluxcd.io")}"),
        new("Flux kustomize-controller",
            m => m.Label("kustomize.toolkit.fluxcd.io/name") is not null || m.ManagedBy("kustomize-controller"),
            m => $"Flux Kustomization {Unit(m, "kustomize.toolkit.fluxcd.io")}",
            m => m.Label("kustomize.toolkit.fluxcd.io/name") is { } n
                ? $"/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/{m.Label("kustomize.toolkit.fluxcd.io/namespace") ?? "flux-system"}/kustomizations/{n}" : null,
            (m, ks) => m.Annotation("kustomize.toolkit.fluxcd.io/reconcile") == "disabled"
                    ? new(Reverts.Never, OwnerClass.ToldNotToTouch, "the object has kustomize.toolkit.fluxcd.io/reconcile: disabled")
                : m.Annotation("kustomize.toolkit.fluxcd.io/ssa") == "Ignore"
                    ? new(Reverts.Never, OwnerClass.ToldNotToTouch, "the object has kustomize.toolkit.fluxcd.io/ssa: Ignore")
                : ks is not { } k ? new(Reverts.Unknown, OwnerClass.RevertsSoon, "its Kustomization could not be read, so it may reconcile")
                : Str(k, "spec", "suspend") == "true"
                    ? new(Reverts.Never, OwnerClass.ToldNotToTouch, "the Kustomization is suspended")
                    : new(Reverts.Now, OwnerClass.RevertsSoon, "it reconciles on its interval and puts it back"),
            m => $"change the image tag in the source Kustomization {Unit(m, "kustomize.toolkit.fluxcd.io")} applies"),
        new("Helm",
            m => m.Label("app.kubernetes.io/managed-by") == "Helm" || m.Annotation("meta.helm.sh/release-name") is not null || m.ManagedBy("helm"),
            m => $"Helm release {m.Annotation("meta.helm.sh/release-name") ?? "(unnamed)"} in {m.Annotation("meta.helm.sh/release-namespace") ?? "(unknown namespace)"}",
            _ => null,
            (_, _) => new(Reverts.NextSync, OwnerClass.RevertsNextRun, "the next helm upgrade of the release puts it back"),
            m => $"run 'helm upgrade {m.Annotation("meta.helm.sh/release-name") ?? "RELEASE"} -n {m.Annotation("meta.helm.sh/release-namespace") ?? "NAMESPACE"}' with the chart's image value set"),
        new("kubectl apply",
            m => m.Annotation(LastApplied) is not null,
            _ => "kubectl apply (last-applied configuration)",
            _ => null,
            (_, _) => new(Reverts.NextSync, OwnerClass.ApplyStateOnly, "the next 'kubectl apply' of the bundle sets the old value back"),
            _ => "change the image in the bundle you apply"),
    ];

    private sealed record ArgoRef(string Namespace, string Name, string Display);

    /// <summary>`app:group/Kind:ns/name`; `ns_app` for an Application outside Argo CD's own namespace.</summary>
    private static ArgoRef? ArgoApp(Markers m)
    {
        if (m.Annotation(ArgoTracking) is not { } id || id.Split(':')[0] is not { Length: > 0 } app) return null;
        var split = app.IndexOf('_', StringComparison.Ordinal);
        return split > 0 ? new(app[..split], app[(split + 1)..], $"{app[..split]}/{app[(split + 1)..]}") : new("argocd", app, app);
    }

    private static string Unit(Markers m, string group) =>
        $"{m.Label(group + "/namespace") ?? "?"}/{m.Label(group + "/name") ?? "?"}";

    private static bool Has(JsonElement e, params string[] path)
    {
        foreach (var p in path)
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return false;
        return e.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
    }

    private static string? Str(JsonElement e, params string[] path)
    {
        foreach (var p in path)
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return null;
        return e.ValueKind switch { JsonValueKind.String => e.GetString(), JsonValueKind.True => "true", JsonValueKind.False => "false", _ => null };
    }
}
