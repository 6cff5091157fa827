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
}

public sealed record PackageObservation(Component Component, Package Package, ApiResource Resource, IReadOnlyList<PackageRevision> Revisions) : Observation(Component)
{
    public PackageRevision? ActiveRevision =>
        Revisions.FirstOrDefault(r => r.Metadata.Name == Package.Status.CurrentRevision)
        ?? Revisions.FirstOrDefault(r => r.Spec.DesiredState == "Active");

    /// <summary>The revision made for the requested package, which may not have become active.</summary>
    public PackageRevision? RequestedRevision =>
        Revisions.Where(r => r.Spec.Image == Package.Spec.Package).MaxBy(r => r.Spec.Revision);
}

public sealed record MissingObservation(Component Component) : Observation(Component);

public sealed record UnreadableObservation(Component Component, string Reason) : Observation(Component);

/// <summary>One read of the cluster: every catalog entry's observations, taken together.</summary>
public sealed record ClusterSnapshot(IReadOnlyList<Observation> Observations)
{
    public IEnumerable<Observation> Of(Component component) => Observations.Where(o => o.Component == component);
}
