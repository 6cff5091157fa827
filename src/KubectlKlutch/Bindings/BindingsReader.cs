using System.Text.Json.Serialization.Metadata;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Bindings;

/// <summary>What klutch-bind says about itself on one cluster; empty lists where a kind is not served.</summary>
public sealed record BindingsView
{
    public IReadOnlyList<ClusterBinding> ClusterBindings { get; init; } = [];
    public IReadOnlyList<AppClusterBinding> AppClusterBindings { get; init; } = [];
    public IReadOnlyList<ApiServiceBinding> ApiServiceBindings { get; init; } = [];
    /// <summary>The konnectors the backend runs for AppClusterBindings (control-plane mode).</summary>
    public IReadOnlyList<Deployment> BackendKonnectors { get; init; } = [];
    /// <summary>Kinds RBAC would not let the plugin list: (resource, reason).</summary>
    public IReadOnlyList<(string Resource, string Reason)> Unreadable { get; init; } = [];

    public static readonly BindingsView None = new();
}

/// <summary>
/// Reads the binding kinds the cluster serves, with their scope from discovery: one discovery
/// request, then one list per served kind across all namespaces. A forbidden list is recorded,
/// never fatal; a cluster without klutch-bind's kinds costs the one request.
/// </summary>
public static class BindingsReader
{
    public static async Task<BindingsView> ReadAsync(SharedReads reads, string? scope, CancellationToken ct)
    {
        ApiResourceList? served;
        try
        {
            served = await reads.GetAsync("/apis/" + BindingKinds.GroupVersion, BindingJson.Default.ApiResourceList, ct);
        }
        catch (KubeException e) when (e.Failure == KubeFailure.Forbidden)
        {
            return new BindingsView { Unreadable = [("klutch.anynines.com", e.Message)] };
        }
        if (served?.Resources is not { } resources) return BindingsView.None;
        var unreadable = new List<(string, string)>();

        ApiResource? Served(ApiResource r) => resources.FirstOrDefault(e => e.Name == r.Plural) is { } entry ? r with { Namespaced = entry.Namespaced } : null;

        async Task<IReadOnlyList<T>> ListAsync<T>(ApiResource? resource, JsonTypeInfo<ObjectList<T>> type, string? labelSelector = null)
        {
            if (resource is null) return [];
            try
            {
                return (await reads.GetAsync(resource.ListPath(scope, labelSelector), type, ct))?.Items ?? [];
            }
            catch (KubeException e) when (e.Failure == KubeFailure.Forbidden)
            {
                lock (unreadable) unreadable.Add((resource.QualifiedName, e.Message));
                return [];
            }
        }

        var clusterBindings = ListAsync(Served(BindingKinds.ClusterBindings), BindingJson.Default.ObjectListClusterBinding);
        var appClusterBindings = ListAsync(Served(BindingKinds.AppClusterBindings), BindingJson.Default.ObjectListAppClusterBinding);
        var serviceBindings = ListAsync(Served(BindingKinds.ApiServiceBindings), BindingJson.Default.ObjectListApiServiceBinding);
        var acb = await appClusterBindings;
        // The backend's konnectors exist only beside AppClusterBindings: no extra request elsewhere.
        var konnectors = acb.Count == 0 ? [] : await ListAsync(ApiResource.Deployments, KubeJson.Default.ObjectListDeployment, BindingKinds.AppClusterBindingNameLabel);
        return new BindingsView
        {
            ClusterBindings = await clusterBindings,
            AppClusterBindings = acb,
            ApiServiceBindings = await serviceBindings,
            BackendKonnectors = konnectors,
            Unreadable = unreadable,
        };
    }
}
