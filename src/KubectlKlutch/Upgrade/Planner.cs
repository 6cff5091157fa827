using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Upgrade;

/// <summary>What the operator asked for, before anything is read.</summary>
public sealed record UpgradeRequest
{
    public required string Target { get; init; }
    public required string Version { get; init; }
    public string? Namespace { get; init; }
    /// <summary>A registry (and path) to move to on purpose; by default the component keeps its own.</summary>
    public string? Registry { get; init; }
    public bool AllowDowngrade { get; init; }
    public bool Force { get; init; }
}

/// <summary>
/// Builds the plan from one snapshot, and refuses (exit 2, nothing written) what must not be
/// done: unknown component, malformed version, component not here, ambiguity, downgrade,
/// digest pin.
/// </summary>
public static class Planner
{
    public static IReadOnlyList<Component> Components(string target)
    {
        if (string.Equals(target, ComponentCatalog.ControlPlaneGroup, StringComparison.OrdinalIgnoreCase)) return [.. ComponentCatalog.ControlPlaneOrder];
        var component = ComponentCatalog.Find(target)
            ?? throw new UsageException($"unknown component \"{target}\": choose one of {string.Join(", ", ComponentCatalog.All.Select(c => c.Name))}, or {ComponentCatalog.ControlPlaneGroup}");
        return component.Upgrade switch
        {
            UpgradeMethod.ReportOnly => throw new UsageException(
                $"{component.Name} is not upgraded by the plugin: the Klutch release you upgrade to pins the version it needs"),
            _ => [component],
        };
    }

    public static ReleaseVersion Version(string version)
    {
        if (!ImageReference.IsValidTag(version))
            throw new UsageException($"\"{version}\" cannot be an image tag (letters, digits, '.', '_' and '-' only, at most 128): give a release such as v1.3.0");
        if (!ReleaseVersion.TryParse(version, out var parsed))
            throw new UsageException($"\"{version}\" is not a release version: give a v-prefixed semantic version such as v1.3.0");
        return parsed;
    }

    public static PlanStep Step(ClusterSnapshot snapshot, IReadOnlyList<ClusterRole> roles, string context, Component component, ReleaseVersion version, UpgradeRequest request)
    {
        var observation = Pick(snapshot, roles, context, component, request.Namespace);
        var target = VersionedField.For(observation);
        if (!ImageReference.TryParse(target.Current, out var current))
            throw new UsageException($"{component.Name} in {Where(target)} has no readable image reference at {target.Path} (\"{target.Current}\"): fix the object first");

        var notes = new List<string>();
        if (current.IsPinnedByDigest && !request.Force)
            throw new UsageException($"{component.Name} is pinned by digest ({current}): pass --force to replace the pin with the tag {version}");
        var installed = current.Tag is { } tag && ReleaseVersion.TryParse(tag, out var v) ? v : null;
        var upToDate = installed is not null && installed.CompareTo(version) == 0 && request.Registry is null;
        if (installed is not null && installed > version && !request.AllowDowngrade)
            throw new UsageException($"{version} is older than the installed {installed} of {component.Name}: pass --allow-downgrade to go back on purpose, or use 'kubectl klutch rollback {component.Name}'");
        if (installed is null && !upToDate)
            notes.Add($"the installed tag \"{current.Tag ?? current.Digest}\" is not a release version, so it cannot be compared with {version}");

        var next = Destination(component, current, version, request.Registry, notes).WithTag(version.ToString());
        return Build(component, observation, next.ToString(), upToDate, notes);
    }

    /// <summary>Back to the reference the last change replaced, as recorded in the plugin's annotation.</summary>
    public static PlanStep RollbackStep(ClusterSnapshot snapshot, IReadOnlyList<ClusterRole> roles, string context, Component component, string? ns)
    {
        var observation = Pick(snapshot, roles, context, component, ns);
        var target = VersionedField.For(observation);
        if (target.RollbackTo is not { } previous)
            throw new UsageException($"{component.Name} has no previous version recorded (annotation {VersionedField.RollbackAnnotation} on {Where(target)}): the plugin records it when it upgrades; to go back without it, use 'kubectl klutch upgrade {component.Name} VERSION --allow-downgrade'");
        if (!ImageReference.TryParse(previous, out _))
            throw new UsageException($"the recorded previous version of {component.Name} (\"{previous}\") is not an image reference: use 'kubectl klutch upgrade {component.Name} VERSION --allow-downgrade'");
        return Build(component, observation, previous, upToDate: previous == target.Current, [$"back to the version the last change replaced"]);
    }

    /// <summary>Why a component already at the version is not done yet (a rollout under way or failing), or null when healthy.</summary>
    private static string? Unsettled(Observation observation)
    {
        var assessment = observation switch
        {
            DeploymentObservation d => Health.DeploymentHealth.Assess(d.Deployment, d.Pods),
            PackageObservation p => Health.PackageHealth.Assess(p),
            _ => null,
        };
        return assessment is { IsHealthy: false } ? assessment.Message : null;
    }

    private static PlanStep Build(Component component, Observation observation, string to, bool upToDate, IReadOnlyList<string> notes)
    {
        var target = VersionedField.For(observation);
        return new()
        {
            Component = component.Name,
            Kind = target.Resource.Kind,
            Namespace = target.Namespace,
            Name = target.Name,
            Field = target.Path,
            From = target.Current!,
            To = to,
            UpToDate = upToDate,
            PatchType = target.PatchType,
            Patch = target.Patch(to, resourceVersion: null),
            Notes = notes,
            Catalog = component,
            Target = target,
            Unsettled = upToDate ? Unsettled(observation) : null,
        };
    }

    private static Observation Pick(ClusterSnapshot snapshot, IReadOnlyList<ClusterRole> roles, string context, Component component, string? ns)
    {
        var all = snapshot.Of(component).ToList();
        if (all.OfType<UnreadableObservation>().FirstOrDefault() is { } unreadable)
            throw new Kube.KubeException(Kube.KubeFailure.Forbidden, $"cannot read {component.Name}: {unreadable.Reason}");
        var found = all.Where(o => o is DeploymentObservation or PackageObservation).ToList();
        if (found.Count == 0)
        {
            var role = roles.Count == 0 ? "has no Klutch component" : $"is {(roles.Count == 2 ? "an app cluster and a control plane" : roles[0] == ClusterRole.AppCluster ? "an app cluster" : "a control plane")}";
            throw new ComponentNotHereException($"{component.Name} is not in context \"{context}\", which {role}: run the upgrade against the context of {(component.Role == ClusterRole.AppCluster ? "an app cluster" : "the control plane")}");
        }
        if (ns is not null && component.Workload is DeploymentWorkload)
        {
            return found.FirstOrDefault(o => VersionedField.For(o).Namespace == ns)
                ?? throw new UsageException($"no {component.Name} in namespace {ns} of context \"{context}\"; it runs in {string.Join(", ", found.Select(o => VersionedField.For(o).Namespace))}");
        }
        if (found.Count > 1)
        {
            var places = found.Select(o => VersionedField.For(o)).ToList();
            var old = places.Skip(1).Select(p => p.Namespace is null ? $"'kubectl delete {p.Resource.Kind.ToLowerInvariant()} {p.Name}'" : $"'kubectl delete -n {p.Namespace} deployment {p.Name}'");
            throw new UsageException($"{found.Count} {component.Name} objects run in context \"{context}\" ({string.Join(", ", places.Select(Where))}): pick one with -n; the change log removes the old one with {string.Join(" and ", old)}");
        }
        return found[0];
    }

    /// <summary>
    /// The repository to write: the cluster's own (a mirror stays a mirror), the one given
    /// with --registry, or, crossing v1.3.0 from the old `anynines` path, the `klutch` path on
    /// the same host, because the old path has no newer tags.
    /// </summary>
    private static ImageReference Destination(Component component, ImageReference current, ReleaseVersion version, string? registry, List<string> notes)
    {
        if (registry is not null)
        {
            var moved = ImageReference.Parse($"{registry.TrimEnd('/')}/{current.ShortName}");
            notes.Add($"moves from {current.Name} to {moved.Name} (--registry)");
            return moved;
        }
        if (version.Release >= ReleaseRepository.Renamed && ReleaseRepository.IsLegacy(component, current))
        {
            var renamed = ReleaseRepository.Current(component, current);
            notes.Add($"moves from {current.Name} to {renamed.Name}: the old path has no tags from v1.3.0 on");
            return renamed;
        }
        return current;
    }

    private static string Where(VersionedField f) => f.Namespace is null ? f.Name : $"{f.Namespace}/{f.Name}";
}

/// <summary>The component is not in this cluster at all: a refusal for one cluster, a skip in a fleet.</summary>
public sealed class ComponentNotHereException(string message) : UsageException(message);
