using KubectlKlutch.Health;

namespace KubectlKlutch.Status;

/// <summary>
/// `kubectl klutch status` as data: the documented JSON/YAML shape, and what the table shows.
/// Field names are a contract for scripts; add fields, never rename them.
/// </summary>
public sealed record StatusReport
{
    public required string Context { get; init; }
    public required string Server { get; init; }
    /// <summary>`app-cluster`, `control-plane`, both, or none.</summary>
    public required IReadOnlyList<string> Roles { get; init; }
    public required IReadOnlyList<ComponentStatus> Components { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    /// <summary>Why the cluster could not be read (fleet status only; then nothing else is known).</summary>
    public string? Error { get; init; }
    /// <summary>Where the plugin was not allowed to look, per component: the view is incomplete (null when complete).</summary>
    public IReadOnlyList<UnseenPlace>? Incomplete { get; init; }
    /// <summary>Bound app clusters, from the control plane's ClusterBindings (null where none are served or found).</summary>
    public IReadOnlyList<Bindings.BoundAppCluster>? Bindings { get; init; }
    /// <summary>The app cluster's APIServiceBindings.</summary>
    public IReadOnlyList<Bindings.ServiceBindingStatus>? ApiServiceBindings { get; init; }
    /// <summary>Konnectors the backend runs for AppClusterBindings (control-plane mode).</summary>
    public IReadOnlyList<Bindings.BackendKonnector>? BackendKonnectors { get; init; }
    /// <summary>What the bindings tell is broken, one line per app cluster: makes the exit code 3.</summary>
    public IReadOnlyList<string>? Unhealthy { get; init; }
    /// <summary>`3 app clusters bound: 2 konnector v1.3.0, 1 v1.2.1; 1 silent for 31m (prod-us)`.</summary>
    public string? BindingsSummary { get; init; }
}

/// <summary>A place a component could be, that could not be read: `where` is "the cluster" or its namespaces.</summary>
public sealed record UnseenPlace(string Component, string Where, string Reason);

public sealed record ComponentStatus
{
    /// <summary>The catalog entry the line is about: later checks use it rather than look it up by name.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public Catalog.Component Catalog { get; init; } = null!;
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public string? Namespace { get; init; }
    public string? ObjectName { get; init; }
    /// <summary>The version the object asks for (the tag of its image or spec.package).</summary>
    public string? Version { get; init; }
    /// <summary>
    /// The version that runs: the active revision's package, or the image of a Deployment's
    /// available pods once its rollout has settled (before that, of the old pods still serving).
    /// Differs from <see cref="Version"/> while a change has not taken effect.
    /// </summary>
    public string? Running { get; init; }
    /// <summary>The container image (Deployments).</summary>
    public string? Image { get; init; }
    /// <summary>The requested package, `spec.package` (Crossplane packages).</summary>
    public string? Package { get; init; }
    /// <summary>The package the active revision runs, `status.currentIdentifier`.</summary>
    public string? CurrentPackage { get; init; }
    /// <summary>Where the cluster pulls the package from, when an ImageConfig rewrote it (`status.resolvedPackage`).</summary>
    public string? ResolvedPackage { get; init; }
    /// <summary>The ImageConfigs that rewrote it (`status.appliedImageConfigRefs`).</summary>
    public IReadOnlyList<string>? ImageConfigs { get; init; }
    public string? Registry { get; init; }
    public string? Repository { get; init; }
    public required HealthState Health { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public RolloutState? Rollout { get; init; }
    public IReadOnlyList<FailingPod>? FailingPods { get; init; }
    public string? Revision { get; init; }
    public ConditionSummary? Installed { get; init; }
    public ConditionSummary? Healthy { get; init; }
    /// <summary>How this component is upgraded when not by the plugin (Crossplane: its Helm release).</summary>
    public string? UpgradeNote { get; init; }
}

public sealed record ConditionSummary(string Status, string? Reason, string? Message);
