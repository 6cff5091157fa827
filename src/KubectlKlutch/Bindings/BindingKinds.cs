using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Bindings;

/// <summary>
/// What klutch-bind keeps about its own health, as data beside the catalog (klutchio
/// bind/pkg/apis/bind/v1alpha1, bind/contrib/example-backend). Scopes given here are the defaults;
/// the served ones come from discovery (APIServiceBinding was cluster scoped up to 1.5.0).
/// </summary>
public static class BindingKinds
{
    public const string GroupVersion = "klutch.anynines.com/v1alpha1";

    public static readonly ApiResource ClusterBindings = new("klutch.anynines.com", "v1alpha1", "clusterbindings", "ClusterBinding", true);
    public static readonly ApiResource AppClusterBindings = new("klutch.anynines.com", "v1alpha1", "appclusterbindings", "AppClusterBinding", true);
    public static readonly ApiResource ApiServiceBindings = new("klutch.anynines.com", "v1alpha1", "apiservicebindings", "APIServiceBinding", false);

    /// <summary>The labels the backend puts on a konnector it runs itself (control-plane mode).</summary>
    public const string AppClusterBindingNameLabel = "klutch.anynines.com/appclusterbinding-name";
    public const string AppClusterBindingNamespaceLabel = "klutch.anynines.com/appclusterbinding-namespace";

    /// <summary>The catalog entries the bindings speak for: the konnector they judge, the backend whose release they are compared with.</summary>
    public const string KonnectorComponent = "konnector";
    public const string BackendComponent = "backend";

    /// <summary>The backend's rule: a heartbeat older than this many intervals is a timeout.</summary>
    public const int HeartbeatTimeoutIntervals = 2;

    /// <summary>What the konnector writes when its own version cannot be parsed.</summary>
    public const string UnknownVersion = "unknown";

    /// <summary>
    /// A Deployment an AppClusterBinding owns: an app cluster's konnector the backend runs on the
    /// control plane. Never a duplicate of the local konnector, never this cluster's own.
    /// </summary>
    public static bool RunByBackend(Deployment d) =>
        d.Metadata.Labels?.ContainsKey(AppClusterBindingNameLabel) == true;
}
