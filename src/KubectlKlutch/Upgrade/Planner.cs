using KubectlKlutch.Catalog;
using KubectlKlutch.Health;
using KubectlKlutch.Inventory;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Upgrade;

/// <summary>What the planner decided for one component: a step, or why there is none (a value, never an exception).</summary>
public sealed record StepDecision(ClusterResult Result, PlanStep? Step, string? Reason)
{
    public static StepDecision Planned(PlanStep step) => new(ClusterResult.Planned, step, null);
    public static StepDecision Refused(string reason) => new(ClusterResult.Refused, null, reason);
}

/// <summary>
/// Builds one component's step from one snapshot, or says why not: not in this cluster, not
/// readable, ambiguous, a downgrade, a digest pin, an unreadable reference, nothing to go back to.
/// Pure: it reads the snapshot only.
/// </summary>
public static class Planner
{
    public static StepDecision Upgrade(ClusterSnapshot snapshot, string context, Component component, ReleaseVersion version, ChangeRequest request)
    {
        if (Pick(snapshot, context, component, request.Namespace) is not { } observation) return Unpicked(snapshot, context, component, request.Namespace, "upgrade");
        var target = VersionedField.For(observation);
        if (!ImageReference.TryParse(target.Current, out var current))
            return StepDecision.Refused($"{component.Name} in {target.Where} has no readable image reference at {target.Path} (\"{target.Current}\"): fix the object first");
        if (current.IsPinnedByDigest && !request.Force)
            return StepDecision.Refused($"{component.Name} is pinned by digest ({current}): pass --force to replace the pin with the tag {version}");
        var installed = current.Tag is { } tag && ReleaseVersion.TryParse(tag, out var v) ? v : null;
        if (installed is not null && installed > version && !request.AllowDowngrade)
            return StepDecision.Refused($"{version} is older than the installed {installed} of {component.Name}: pass --allow-downgrade to go back on purpose, or use 'kubectl klutch rollback {component.Name}'");

        var upToDate = installed is not null && installed.CompareTo(version) == 0 && request.Registry is null;
        var notes = Unseen(snapshot, component);
        if (installed is null && !upToDate)
            notes.Add($"the installed tag \"{current.Tag ?? current.Digest}\" is not a release version, so it cannot be compared with {version}");
        var next = Destination(component, current, version, request.Registry, notes).WithTag(version.ToString());
        return StepDecision.Planned(Build(component, observation, ChangeKind.Upgrade, next.ToString(), upToDate, notes));
    }

    /// <summary>Back to the reference the last upgrade replaced, as recorded in the plugin's annotation.</summary>
    public static StepDecision Rollback(ClusterSnapshot snapshot, string context, Component component, string? ns)
    {
        if (Pick(snapshot, context, component, ns) is not { } observation) return Unpicked(snapshot, context, component, ns, "rollback");
        var target = VersionedField.For(observation);
        var instead = $"to go back without it, use 'kubectl klutch upgrade {component.Name} VERSION --allow-downgrade'";
        if (target.RollbackTo is not { } previous)
            return StepDecision.Refused(target.RolledBackFrom is { } from
                ? $"{component.Name} in {target.Where} was already rolled back (from {from}), and no earlier version is recorded; {instead}"
                : $"{component.Name} has no previous version recorded (annotation {VersionedField.RollbackAnnotation} on {target.Where}): the plugin records it when it upgrades; {instead}");
        if (!ImageReference.TryParse(previous, out _))
            return StepDecision.Refused($"the recorded previous version of {component.Name} (\"{previous}\") is not an image reference: use 'kubectl klutch upgrade {component.Name} VERSION --allow-downgrade'");
        return StepDecision.Planned(Build(component, observation, ChangeKind.Rollback, previous, upToDate: previous == target.Current,
            ["back to the version the last change replaced", .. Unseen(snapshot, component)]));
    }

    /// <summary>Where the component could also be but was not allowed to be looked for: the plan says so rather than assume it is not there.</summary>
    private static List<string> Unseen(ClusterSnapshot snapshot, Component component) =>
        [.. snapshot.Of(component).OfType<UnreadableObservation>().Select(u => $"not allowed to look for {component.Name} in {u.Where}: another one there would not be seen (pass -n to look in one namespace only)")];

    private static PlanStep Build(Component component, Observation observation, ChangeKind change, string to, bool upToDate, IReadOnlyList<string> notes)
    {
        var target = VersionedField.For(observation);
        var package = (observation as PackageObservation)?.Package;
        var pulledFrom = package is null ? null : PackageSource.ResolvedFor(package, to);
        if (pulledFrom is not null)
            notes = [.. notes, "the cluster " + PackageSource.Describe(pulledFrom, PackageSource.ImageConfigs(package!))];
        if (Bindings.HeartbeatConfirmation.Applies(component))
            notes = [.. notes, Bindings.HeartbeatConfirmation.PlanNote];
        return new()
        {
            Component = component.Name,
            Kind = target.Resource.Kind,
            Namespace = target.Namespace,
            Name = target.Name,
            Field = target.Path.ToString(),
            From = target.Current!,
            To = to,
            UpToDate = upToDate,
            PulledFrom = pulledFrom,
            PatchType = target.PatchType,
            Patch = target.Patch(to, change),
            Notes = notes,
            Catalog = component,
            Target = target,
            Change = change,
            // At the version already, but not healthy: the step follows its rollout instead of calling it done.
            Unsettled = upToDate && ObservedHealth.Assess(observation) is { IsHealthy: false } a ? a.Message : null,
        };
    }

    /// <summary>The one object of the component to change, or null when there is none or it is ambiguous.</summary>
    private static Observation? Pick(ClusterSnapshot snapshot, string context, Component component, string? ns)
    {
        var found = snapshot.Found(component).ToList();
        if (ns is not null && component.Workload is DeploymentWorkload) return found.FirstOrDefault(o => VersionedField.For(o).Namespace == ns);
        return found is [var only] ? only : null;
    }

    /// <summary>Why <see cref="Pick"/> found no single object.</summary>
    private static StepDecision Unpicked(ClusterSnapshot snapshot, string context, Component component, string? ns, string verb)
    {
        var found = snapshot.Found(component).Select(VersionedField.For).ToList();
        if (found.Count == 0 && snapshot.Of(component).OfType<UnreadableObservation>().FirstOrDefault() is { } unreadable)
            return new(ClusterResult.Forbidden, null, $"cannot read {component.Name}: {unreadable.Reason}");
        if (ns is not null && component.Workload is DeploymentWorkload)
            // -n narrowed the search: the snapshot holds that namespace only.
            return StepDecision.Refused(found.Count == 0
                ? $"no {component.Name} in namespace {ns} of context \"{context}\" (-n looks there only): leave out -n to look in every namespace"
                : $"no {component.Name} in namespace {ns} of context \"{context}\"; it runs in {string.Join(", ", found.Select(f => f.Namespace))}");
        if (found.Count == 0) return new(ClusterResult.NotPresent, null, snapshot.NotHere(component, context, verb));
        return StepDecision.Refused($"{found.Count} {component.Name} objects run in context \"{context}\" ({string.Join(", ", found.Select(f => f.Where))}): pick one with -n; the change log removes the old one with {string.Join(" and ", found.Skip(1).Select(f => f.DeleteCommand))}");
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
}
