using KubectlKlutch.Catalog;
using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Inventory;

/// <summary>What the cluster holds for one catalog entry: one object found, none, or not readable.</summary>
public abstract record Observation(Component Component);

public sealed record DeploymentObservation(Component Component, Deployment Deployment, IReadOnlyList<Pod> Pods) : Observation(Component)
{
    public DeploymentWorkload Workload => (DeploymentWorkload)Component.Workload;

    /// <summary>The component's container, or the only one when a renamed install renamed it too.</summary>
    public Container? Container =>
        Deployment.Container(Workload.Container)
        ?? (Deployment.Spec.Template.Spec.Containers is [var only] ? only : null);

    /// <summary>
    /// The pods that run the image the Deployment asks for now (or do not say what they run):
    /// an old pod's trouble is not the current rollout's, for `status` as for the follower.
    /// </summary>
    public IReadOnlyList<Pod> CurrentPods => Container is not { Image: { } image } container ? Pods
        : [.. Pods.Where(p => p.Status.ContainerStatuses?.FirstOrDefault(c => c.Name == container.Name)?.Image is not { } running || running == image)];
}

public sealed record PackageObservation(Component Component, Package Package, ApiResource Resource, IReadOnlyList<PackageRevision> Revisions) : Observation(Component)
{
    /// <summary>
    /// The pods of the active revision's runtime (label pkg.crossplane.io/revision), read only when
    /// that revision is not healthy: what names a crash-looping provider.
    /// </summary>
    public IReadOnlyList<Pod> RuntimePods { get; init; } = [];

    public PackageRevision? ActiveRevision =>
        Revisions.FirstOrDefault(r => r.Metadata.Name == Package.Status.CurrentRevision)
        ?? Revisions.FirstOrDefault(r => r.Spec.DesiredState == "Active");

    /// <summary>The revision made for the requested package, which may not have become active.</summary>
    public PackageRevision? RequestedRevision =>
        Revisions.Where(r => r.Spec.Image == Package.Spec.Package).MaxBy(r => r.Spec.Revision);
}

/// <summary>The inventory looked everywhere it was allowed to (in <paramref name="Scope"/>, when -n narrowed it) and found nothing.</summary>
public sealed record MissingObservation(Component Component, string? Scope = null) : Observation(Component);

/// <summary>
/// A place the inventory was not allowed to (or could not) look in for the component: the
/// cluster, or some of its namespaces. Beside objects found elsewhere it makes the view
/// incomplete; alone, the component is not readable.
/// </summary>
public sealed record UnreadableObservation(Component Component, string Reason, string Where = UnreadableObservation.Everywhere) : Observation(Component)
{
    public const string Everywhere = "the cluster";

    /// <summary>What an operator is told: where the component was not looked for.</summary>
    public string Unseen => $"not allowed to look for {Component.Name} in {Where}";
}

/// <summary>One read of the cluster: every catalog entry's observations, taken together.</summary>
public sealed record ClusterSnapshot(IReadOnlyList<Observation> Observations)
{
    public IEnumerable<Observation> Of(Component component) => Observations.Where(o => o.Component == component);

    /// <summary>The objects found for a component, newest generation first.</summary>
    public IEnumerable<Observation> Found(Component component) => Of(component).Where(o => o is DeploymentObservation or PackageObservation);

    /// <summary>
    /// What the cluster is, from what was found. Only Klutch's own components make a cluster an
    /// app cluster or a control plane: Crossplane alone is not Klutch.
    /// </summary>
    /// <summary>Why a command about <paramref name="component"/> has nothing to act on here, and where to run it instead.</summary>
    public string NotHere(Component component, string context, string verb)
    {
        var roles = Roles;
        var role = roles.Count == 0 ? "has no Klutch component" : $"is {(roles.Count == 2 ? "an app cluster and a control plane" : roles[0] == ClusterRole.AppCluster ? "an app cluster" : "a control plane")}";
        return $"{component.Name} is not in context \"{context}\", which {role}: run the {verb} against the context of {(component.Role == ClusterRole.AppCluster ? "an app cluster" : "the control plane")}";
    }

    public IReadOnlyList<ClusterRole> Roles =>
        [.. Observations.Where(o => o.Component.KlutchRelease && o is DeploymentObservation or PackageObservation).Select(o => o.Component.Role).Distinct().Order()];
}
