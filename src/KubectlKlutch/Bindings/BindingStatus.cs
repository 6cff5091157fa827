using KubectlKlutch.Health;

namespace KubectlKlutch.Bindings;

/// <summary>A bound app cluster as the control plane's ClusterBinding tells it (JSON `bindings`).</summary>
public sealed record BoundAppCluster
{
    /// <summary>The app cluster's name: its AppClusterBinding's, else the namespace its ClusterBinding lives in.</summary>
    public required string Name { get; init; }
    public required string Namespace { get; init; }
    public string? Provider { get; init; }
    /// <summary>`NAMESPACE/NAME` of the AppClusterBinding whose konnector the backend runs, when there is one.</summary>
    public string? AppClusterBinding { get; init; }
    public string? KonnectorVersion { get; init; }
    public DateTimeOffset? LastHeartbeat { get; init; }
    /// <summary>As the backend writes it, a Go duration (`5m0s`).</summary>
    public string? HeartbeatInterval { get; init; }
    /// <summary>The conditions' status: True, False or Unknown (absent).</summary>
    public required string Healthy { get; init; }
    public required string Ready { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
}

/// <summary>An app cluster's APIServiceBinding (JSON `apiServiceBindings`).</summary>
public sealed record ServiceBindingStatus
{
    public required string Name { get; init; }
    /// <summary>Null where the kind is cluster scoped (up to 1.5.0).</summary>
    public string? Namespace { get; init; }
    public string? Provider { get; init; }
    public required string Ready { get; init; }
    public required string Heartbeating { get; init; }
    public required string Connected { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
}

/// <summary>A konnector the backend runs for an AppClusterBinding (JSON `backendKonnectors`).</summary>
public sealed record BackendKonnector
{
    public required string AppClusterBinding { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public string? Version { get; init; }
    public string? Image { get; init; }
    /// <summary>`spec.konnector.overrides.image`: null while the binding follows the backend's built-in version.</summary>
    public string? OverrideImage { get; init; }
    public required HealthState Health { get; init; }
    public required string Message { get; init; }
}
