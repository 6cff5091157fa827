using KubectlKlutch.Catalog;
using KubectlKlutch.Health;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube.Objects;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Status;

/// <summary>Turns one snapshot into the status report: health per component, roles, warnings.</summary>
public static class StatusBuilder
{
    public const string AppClusterRole = "app-cluster";
    public const string ControlPlaneRole = "control-plane";

    public static string RoleName(ClusterRole role) => role == ClusterRole.AppCluster ? AppClusterRole : ControlPlaneRole;

    public static StatusReport Build(string context, string server, ClusterSnapshot snapshot,
        Bindings.BindingsView? bindings = null, DateTimeOffset? now = null)
    {
        var roles = snapshot.Roles;

        var components = snapshot.Observations.Where(o => Shown(o, snapshot, roles)).Select(Describe).ToList();
        var unseen = snapshot.Observations.OfType<UnreadableObservation>().Select(u => new UnseenPlace(u.Component.Name, u.Where, u.Reason)).ToList();
        var view = bindings ?? Bindings.BindingsView.None;
        unseen.AddRange(view.Unreadable.Select(u => new UnseenPlace(u.Resource, UnreadableObservation.Everywhere, u.Reason)));
        var judged = StatusBindings.Judge(view, components, now ?? DateTimeOffset.UtcNow);

        return new StatusReport
        {
            Context = context,
            Server = server,
            Roles = [.. roles.Select(RoleName)],
            Components = judged.Components,
            Warnings = [.. StatusWarnings.Find(snapshot, components), .. judged.Assessment.Warnings, .. Unseen(unseen)],
            Incomplete = unseen.Count > 0 ? unseen : null,
            Bindings = judged.Assessment.Bound.Count > 0 ? judged.Assessment.Bound : null,
            ApiServiceBindings = judged.Assessment.ServiceBindings.Count > 0 ? judged.Assessment.ServiceBindings : null,
            BackendKonnectors = judged.Assessment.Konnectors.Count > 0 ? judged.Assessment.Konnectors : null,
            Unhealthy = judged.Assessment.Unhealthy.Count > 0 ? judged.Assessment.Unhealthy : null,
            BindingsSummary = judged.Assessment.Summary,
        };
    }

    /// <summary>
    /// A line for what was found; for a required component of the cluster's role that is not
    /// there; and for one that could not be looked for at all, unless the cluster's roles are
    /// known without it (an app team's konnector does not make the control plane's packages rows).
    /// </summary>
    private static bool Shown(Observation o, ClusterSnapshot snapshot, IReadOnlyList<ClusterRole> roles) => o switch
    {
        MissingObservation m => m.Component.Required && roles.Contains(m.Component.Role),
        UnreadableObservation u => !snapshot.Found(u.Component).Any() && (roles.Count == 0 || roles.Contains(u.Component.Role)),
        _ => true,
    };

    /// <summary>One line for the whole view: what could not be looked for, and where (the JSON's `incomplete` has each reason).</summary>
    private static IEnumerable<string> Unseen(IReadOnlyList<UnseenPlace> unseen)
    {
        if (unseen.Count == 0) yield break;
        var places = unseen.GroupBy(u => u.Where).Select(g => $"{string.Join(", ", g.Select(u => u.Component))} in {g.Key}");
        yield return $"the view is incomplete: not allowed to look for {string.Join("; ", places)} (the JSON output's \"incomplete\" has each denial)";
    }

    /// <summary>A cluster of a fleet that could not be read: its name, where it is, and why.</summary>
    public static StatusReport Unread(string context, string? server, string error) =>
        new() { Context = context, Server = server ?? "", Roles = [], Components = [], Warnings = [], Error = error };

    /// <summary>
    /// 0 all healthy; 3 something unhealthy or missing, or no Klutch where the plugin could look
    /// everywhere; 4 warnings only, or an incomplete view (what could not be read is not called
    /// unhealthy); 1 not read.
    /// </summary>
    public static int ExitCode(StatusReport report) =>
        report.Error is not null ? ExitCodes.Failed
        : (report.Roles.Count == 0 && report.Incomplete is null) || report.Unhealthy is { Count: > 0 } || report.Components.Any(c => c.Health is not (HealthState.Healthy or HealthState.Unknown)) ? ExitCodes.Unhealthy
        : report.Warnings.Count > 0 || report.Incomplete is not null ? ExitCodes.Warnings
        : ExitCodes.Success;

    private static ComponentStatus Describe(Observation o) => o switch
    {
        DeploymentObservation d => FromDeployment(d),
        PackageObservation p => FromPackage(p),
        UnreadableObservation u => new ComponentStatus
        {
            Catalog = u.Component, Name = u.Component.Name, Kind = u.Component.Workload.Kind,
            Health = HealthState.Unknown, Message = u.Where == UnreadableObservation.Everywhere ? "not readable: " + u.Reason : $"not readable in {u.Where}: {u.Reason}",
        },
        _ => new ComponentStatus
        {
            Catalog = o.Component, Name = o.Component.Name, Kind = o.Component.Workload.Kind,
            Health = HealthState.Missing, Message = "not found: " + WhereLooked(o.Component.Workload, (o as MissingObservation)?.Scope),
        },
    };

    private static string WhereLooked(Workload w, string? scope) => w switch
    {
        DeploymentWorkload d => $"no Deployment {string.Join(" or ", d.Names)} (label {d.Label}) in {(scope is null ? "any namespace" : "namespace " + scope)}",
        PackageWorkload p => $"no {p.Kind} {string.Join(" or ", p.Names)} and none from a repository ending in {p.RepositorySuffix}",
        _ => "",
    };

    private static ComponentStatus FromDeployment(DeploymentObservation o)
    {
        var d = o.Deployment;
        var image = o.Container?.Image;
        ImageReference.TryParse(image, out var reference);
        var assessment = ObservedHealth.Assess(o)!;
        var failing = DeploymentHealth.FailingPods(o.CurrentPods);
        return new ComponentStatus
        {
            Catalog = o.Component,
            Name = o.Component.Name,
            Kind = o.Component.Workload.Kind,
            Namespace = d.Metadata.Namespace,
            ObjectName = d.Metadata.Name,
            Version = VersionOf(reference),
            Running = RunningVersion(o, VersionOf(reference)),
            Image = image,
            Registry = reference?.Registry,
            Repository = reference?.Repository,
            Health = assessment.State,
            Message = assessment.Message,
            UpdatedAt = d.Status.Conditions.Find("Progressing")?.LastUpdateTime
                ?? d.Status.Conditions.Find("Available")?.LastTransitionTime ?? d.Metadata.CreationTimestamp,
            Rollout = DeploymentHealth.Rollout(d),
            FailingPods = failing.Count > 0 ? failing : null,
            UpgradeNote = o.Component.Upgrade == UpgradeMethod.Upstream ? UpstreamInstall.Describe(d) : null,
        };
    }

    private static ComponentStatus FromPackage(PackageObservation o)
    {
        var p = o.Package;
        ImageReference.TryParse(p.Spec.Package, out var reference);
        var assessment = ObservedHealth.Assess(o)!;
        var active = o.ActiveRevision;
        return new ComponentStatus
        {
            Catalog = o.Component,
            Name = o.Component.Name,
            Kind = o.Resource.Kind,
            ObjectName = p.Metadata.Name,
            Version = VersionOf(reference),
            // Crossplane's own comparison: currentIdentifier is the original package, whatever an ImageConfig rewrote.
            Running = VersionOf(ImageReference.TryParse(p.Status.CurrentIdentifier ?? active?.Spec.Image, out var running) ? running : null),
            Package = p.Spec.Package,
            CurrentPackage = p.Status.CurrentIdentifier,
            ResolvedPackage = PackageSource.Rewritten(p),
            ImageConfigs = PackageSource.Rewritten(p) is null ? null : PackageSource.ImageConfigs(p),
            Registry = reference?.Registry,
            Repository = reference?.Repository,
            Health = assessment.State,
            Message = assessment.Message,
            UpdatedAt = active?.Metadata.CreationTimestamp
                ?? p.Status.Conditions.Find("Healthy")?.LastTransitionTime ?? p.Metadata.CreationTimestamp,
            Revision = p.Status.CurrentRevision ?? active?.Metadata.Name,
            Installed = Summary(p.Status.Conditions.Find("Installed")),
            Healthy = Summary(p.Status.Conditions.Find("Healthy")),
        };
    }

    /// <summary>
    /// The version that serves: the Deployment's own once its rollout has settled; until then the
    /// one its ready old pods still run, else its own once a new pod is ready; null when no pod is
    /// ready. Compared by version, since a kubelet may report the image in a longer form.
    /// </summary>
    private static string? RunningVersion(DeploymentObservation o, string? asked)
    {
        if (o.Container is not { } wanted) return null;
        if (DeploymentHealth.IsSettled(o.Deployment) || o.Pods.Count == 0) return asked;
        var ready = o.Pods.Select(p => p.Status.ContainerStatuses?.FirstOrDefault(c => c.Name == wanted.Name))
            .Where(c => c is { Ready: true })
            .Select(c => VersionOf(ImageReference.TryParse(c!.Image, out var r) ? r : null)).OfType<string>().ToList();
        return ready.FirstOrDefault(v => v != asked) ?? ready.FirstOrDefault();
    }

    private static ConditionSummary? Summary(Condition? c) => c is null ? null : new(c.Status, c.Reason, c.Message);

    /// <summary>The tag; an image pinned only by digest shows its short digest.</summary>
    public static string? VersionOf(ImageReference? reference) =>
        reference?.Tag ?? (reference?.Digest is { } digest ? digest[..Math.Min(digest.Length, 19)] : null);
}
