using System.Text.Json.Serialization.Metadata;
using KubectlKlutch.Catalog;
using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Inventory;

/// <summary>
/// Reads every catalog entry at once. Requests are issued concurrently and shared: the
/// provider list serves both providers, so a cluster costs about one API round trip (plus one
/// for the pods of a Deployment that is not fully rolled out).
/// With <paramref name="scope"/> (-n), namespaced components are looked for in that namespace only,
/// as kubectl's -n does, and need no rights elsewhere.
/// </summary>
public sealed class InventoryReader(SharedReads reads, string? scope = null)
{
    public async Task<ClusterSnapshot> ReadAsync(IEnumerable<Component> components, CancellationToken ct)
    {
        var observed = await Task.WhenAll(components.Select(c => ObserveAsync(c, ct)));
        return new ClusterSnapshot([.. observed.SelectMany(o => o)]);
    }

    /// <summary>
    /// One object of a component read again, as the snapshot would have seen it (its pods, its
    /// revisions by the same rule): what the follower judges while a change rolls out. Null when
    /// the object is gone.
    /// </summary>
    public async Task<Observation?> ObserveAsync(Component component, ApiResource resource, string? ns, string name, CancellationToken ct)
    {
        switch (component.Workload)
        {
            case DeploymentWorkload:
                var deployment = await GetAsync(resource.ObjectPath(ns, name), KubeJson.Default.Deployment, ct);
                return deployment is null ? null : new DeploymentObservation(component, deployment, await PodsOfAsync(deployment, ct));
            case PackageWorkload p:
                var package = await GetAsync(resource.ObjectPath(null, name), KubeJson.Default.Package, ct);
                return package is null ? null : await PackageObservationAsync(component, p, resource, package, ct);
            default:
                throw new NotSupportedException(component.Workload.GetType().Name);
        }
    }

    private async Task<IReadOnlyList<Observation>> ObserveAsync(Component component, CancellationToken ct)
    {
        try
        {
            return component.Workload switch
            {
                DeploymentWorkload d => await ObserveDeploymentsAsync(component, d, ct),
                PackageWorkload p => await ObservePackagesAsync(component, p, ct),
                _ => throw new NotSupportedException(component.Workload.GetType().Name),
            };
        }
        catch (KubeException e) when (e.Failure == KubeFailure.Forbidden)
        {
            // Partial rights still give a partial picture; the reason names the denied permission.
            return [new UnreadableObservation(component, e.Message, scope is null || component.Workload is PackageWorkload ? UnreadableObservation.Everywhere : "namespace " + scope)];
        }
    }

    private async Task<IReadOnlyList<Observation>> ObserveDeploymentsAsync(Component component, DeploymentWorkload workload, CancellationToken ct)
    {
        var (found, unseen) = await FindDeploymentsAsync(workload, ct);
        found.RemoveAll(Bindings.BindingKinds.RunByBackend); // an app cluster's konnector the backend runs: not this cluster's own
        // One record for the places not seen; its reason is the first denial (they differ only in the namespace named).
        Observation[] blind = unseen.Count == 0 ? [] : [new UnreadableObservation(component, unseen[0].Reason, Places(unseen.Select(u => u.Namespace)))];
        if (found.Count == 0) return blind.Length > 0 ? blind : [new MissingObservation(component, scope)];
        var ranked = found.OrderBy(d => Rank(workload.Namespaces, d.Metadata.Namespace)).ThenBy(d => d.Metadata.Namespace, StringComparer.Ordinal);
        var observed = await Task.WhenAll(ranked.Select(async d =>
            (Observation)new DeploymentObservation(component, d, await PodsOfAsync(d, ct))));
        return [.. observed, .. blind];
    }

    private static string Places(IEnumerable<string> namespaces) =>
        (namespaces.ToList() is [var one] ? "namespace " : "namespaces ") + string.Join(", ", namespaces);

    private static int Rank(IReadOnlyList<string> preferred, string? ns)
    {
        var i = ns is null ? -1 : preferred.ToList().IndexOf(ns);
        return i < 0 ? preferred.Count : i;
    }

    /// <summary>
    /// By name across all namespaces (any generation's namespace, or one nobody documented),
    /// and by label; when listing across namespaces is forbidden, each known namespace on its
    /// own, so that one forbidden namespace never hides what another shows. With a scope, in
    /// that namespace only.
    /// </summary>
    private async Task<(List<Deployment> Found, List<(string Namespace, string Reason)> Unseen)> FindDeploymentsAsync(DeploymentWorkload workload, CancellationToken ct)
    {
        if (scope is not null) return await FindInNamespacesAsync([scope], ns => ListOrGetAsync(workload, ns, ct));
        try
        {
            return ([.. await ListAsync(workload, null, ct)], []);
        }
        catch (KubeException e) when (e.Failure == KubeFailure.Forbidden)
        {
            return await FindInNamespacesAsync(workload.Namespaces, ns => GetByNameAsync(workload, ns, ct));
        }
    }

    private static async Task<(List<Deployment> Found, List<(string Namespace, string Reason)> Unseen)> FindInNamespacesAsync(
        IReadOnlyList<string> namespaces, Func<string, Task<IReadOnlyList<Deployment>>> read)
    {
        var places = await Task.WhenAll(namespaces.Select(async ns =>
        {
            try
            {
                return (Namespace: ns, Found: await read(ns), Reason: (string?)null);
            }
            catch (KubeException e) when (e.Failure == KubeFailure.Forbidden)
            {
                return (Namespace: ns, Found: (IReadOnlyList<Deployment>)[], Reason: e.Message);
            }
        }));
        return ([.. places.SelectMany(p => p.Found)], [.. places.Where(p => p.Reason is not null).Select(p => (p.Namespace, p.Reason!))]);
    }

    /// <summary>In the namespace -n names: by name and label, or by name alone where listing is not allowed.</summary>
    private async Task<IReadOnlyList<Deployment>> ListOrGetAsync(DeploymentWorkload workload, string ns, CancellationToken ct)
    {
        try
        {
            return await ListAsync(workload, ns, ct);
        }
        catch (KubeException e) when (e.Failure == KubeFailure.Forbidden)
        {
            return await GetByNameAsync(workload, ns, ct);
        }
    }

    private async Task<IReadOnlyList<Deployment>> GetByNameAsync(DeploymentWorkload workload, string ns, CancellationToken ct) =>
        [.. (await Task.WhenAll(workload.Names.Select(n => GetAsync(ApiResource.Deployments.ObjectPath(ns, n), KubeJson.Default.Deployment, ct)))).OfType<Deployment>()];

    /// <summary>The workload's Deployments by each of its names and by its label, in one namespace or (null) across all.</summary>
    private async Task<IReadOnlyList<Deployment>> ListAsync(DeploymentWorkload workload, string? ns, CancellationToken ct)
    {
        var r = ApiResource.Deployments;
        var lists = await Task.WhenAll(workload.Names.Select(n => r.ListPath(ns, fieldSelector: "metadata.name=" + n))
            .Append(r.ListPath(ns, labelSelector: workload.Label))
            .Select(async path => (await GetAsync(path, KubeJson.Default.ObjectListDeployment, ct) ?? throw NotKubernetes(path)).Items));
        return [.. lists.SelectMany(l => l).DistinctBy(d => (d.Metadata.Namespace, d.Metadata.Name))];
    }

    /// <summary>Pods are read only when the rollout is not finished: a healthy cluster costs no extra round trip.</summary>
    private async Task<IReadOnlyList<Pod>> PodsOfAsync(Deployment deployment, CancellationToken ct)
    {
        if (Health.DeploymentHealth.IsSettled(deployment) || deployment.Spec.Selector?.ToQuery() is not { } selector) return [];
        try
        {
            return await ListAsync(ApiResource.Pods.ListPath(deployment.Metadata.Namespace, labelSelector: selector), KubeJson.Default.ObjectListPod, ct);
        }
        catch (KubeException e) when (e.Failure == KubeFailure.Forbidden)
        {
            return []; // the Deployment's own status still tells the rollout state
        }
    }

    private async Task<IReadOnlyList<Observation>> ObservePackagesAsync(Component component, PackageWorkload workload, CancellationToken ct)
    {
        foreach (var resource in workload.Resources)
        {
            var packages = await GetAsync(resource.CollectionPath(null), KubeJson.Default.ObjectListPackage, ct);
            if (packages is null) continue; // this API version is not served here
            var matches = packages.Items.Where(p => workload.Names.Contains(p.Metadata.Name)).ToList();
            if (matches.Count == 0)
                matches = [.. packages.Items.Where(p => RepositoryOf(p.Spec.Package)?.EndsWith(workload.RepositorySuffix, StringComparison.Ordinal) == true)];
            if (matches.Count == 0) return [new MissingObservation(component)];

            return await Task.WhenAll(matches.Select(async p => (Observation)await PackageObservationAsync(component, workload, resource, p, ct)));
        }
        return [new MissingObservation(component)];
    }

    private async Task<PackageObservation> PackageObservationAsync(Component component, PackageWorkload workload, ApiResource resource, Package package, CancellationToken ct)
    {
        var observation = new PackageObservation(component, package, resource, await RevisionsOfAsync(workload, resource, package, ct));
        return observation with { RuntimePods = await RuntimePodsAsync(observation, ct) };
    }

    /// <summary>
    /// The pods of the active revision's runtime, by Crossplane's revision label, in whatever
    /// namespace Crossplane runs: read only when the revision is not healthy, so a healthy
    /// cluster costs no extra round trip.
    /// </summary>
    private async Task<IReadOnlyList<Pod>> RuntimePodsAsync(PackageObservation o, CancellationToken ct)
    {
        if (!Health.PackageHealth.HasRuntime(o.Resource.Kind) || o.ActiveRevision is not { } active
            || Health.PackageHealth.Revision(active, o.Resource.Kind, []).IsHealthy) return [];
        try
        {
            return await ListAsync(ApiResource.Pods.ListPath(null, labelSelector: RevisionLabel + "=" + active.Metadata.Name), KubeJson.Default.ObjectListPod, ct);
        }
        catch (KubeException e) when (e.Failure == KubeFailure.Forbidden)
        {
            return []; // the revision's own conditions still tell that the runtime is unavailable
        }
    }

    /// <summary>The label Crossplane puts on a revision's runtime Deployment and its pods.</summary>
    public const string RevisionLabel = "pkg.crossplane.io/revision";

    /// <summary>A package's revisions, by its label or its owner reference: one list of the kind serves every package of it.</summary>
    private async Task<IReadOnlyList<PackageRevision>> RevisionsOfAsync(PackageWorkload workload, ApiResource resource, Package package, CancellationToken ct)
    {
        var revisions = await GetAsync(workload.Revisions.WithVersion(resource.Version).CollectionPath(null), KubeJson.Default.ObjectListPackageRevision, ct);
        return [.. (revisions?.Items ?? []).Where(r => BelongsTo(r, package))];
    }

    private static bool BelongsTo(PackageRevision revision, Package package) =>
        revision.Metadata.Labels?.GetValueOrDefault("pkg.crossplane.io/package") == package.Metadata.Name
        || revision.Metadata.OwnerReferences?.Any(o => o.Uid == package.Metadata.Uid || o.Name == package.Metadata.Name) == true;

    private static string? RepositoryOf(string? package) =>
        Versions.ImageReference.TryParse(package, out var r) ? r.Name : null;

    /// <summary>
    /// Every Kubernetes API server serves apps/v1 Deployments; a 404 for their list means the
    /// kubeconfig points at something else, which must not read as "no Klutch here".
    /// </summary>
    private KubeException NotKubernetes(string path) =>
        new(KubeFailure.NotKubernetes,
            $"the server at {reads.Server} is not a Kubernetes API server: it answered 404 Not Found to {path.Split('?')[0]}, which every Kubernetes API server serves; check the server URL of the context in the kubeconfig");

    private async Task<List<T>> ListAsync<T>(string path, JsonTypeInfo<ObjectList<T>> type, CancellationToken ct) =>
        (await GetAsync(path, type, ct))?.Items ?? [];

    private Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct) where T : class =>
        reads.GetAsync(path, type, ct);
}
