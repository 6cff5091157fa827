using KubectlKlutch.Kube;

namespace KubectlKlutch.Catalog;

public enum ClusterRole
{
    AppCluster,
    ControlPlane,
}

/// <summary>How a component is updated, which decides what `upgrade` may do with it.</summary>
public enum UpgradeMethod
{
    /// <summary>The plugin patches it (image tag or package tag).</summary>
    Plugin,
    /// <summary>Installed by its own method (Helm); the plugin reports it and says what to run.</summary>
    Upstream,
    /// <summary>Reported only (a dependency Klutch's releases pin).</summary>
    ReportOnly,
}

/// <summary>Where a component runs and where its version lives.</summary>
public abstract record Workload(IReadOnlyList<string> Names)
{
    public abstract string Kind { get; }
}

/// <summary>A Deployment whose version is the image tag of one container.</summary>
/// <param name="Namespaces">Newest generation first: the order in which duplicates are ranked.</param>
/// <param name="Label">The `app=` label, the fallback when a renamed Deployment keeps its label.</param>
public sealed record DeploymentWorkload(IReadOnlyList<string> Names, IReadOnlyList<string> Namespaces, string Label, string Container)
    : Workload(Names)
{
    public override string Kind => "Deployment";
}

/// <summary>A cluster-scoped Crossplane package whose version is the tag in `spec.package`.</summary>
/// <param name="Resources">The package kind by API version, served version first (Functions moved from v1beta1 to v1).</param>
/// <param name="RepositorySuffix">Any package of this kind whose repository ends so is this component, whatever its name.</param>
public sealed record PackageWorkload(IReadOnlyList<string> Names, IReadOnlyList<ApiResource> Resources, ApiResource Revisions, string RepositorySuffix)
    : Workload(Names)
{
    public override string Kind => Resources[0].Kind;
}

/// <summary>One Klutch component: everything a verb needs to know about it, as data.</summary>
public sealed record Component
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required ClusterRole Role { get; init; }
    public required Workload Workload { get; init; }

    /// <summary>Where the public release lives; a cluster's own registry (a mirror) is kept on upgrade.</summary>
    public required string DefaultRepository { get; init; }

    /// <summary>The repository before Klutch v1.3.0 renamed the image prefix, if any.</summary>
    public string? LegacyRepository { get; init; }

    /// <summary>Versioned with Klutch's releases (as opposed to upstream dependencies).</summary>
    public bool KlutchRelease { get; init; }

    /// <summary>
    /// Releases of a component not versioned with Klutch (newest first) that `upgrade NAME &lt;TAB&gt;`
    /// offers; a Klutch component offers <see cref="KnownReleases.All"/>. A hint for the shell only.
    /// </summary>
    public IReadOnlyList<string> ShellReleases { get; init; } = [];

    /// <summary>A cluster of this role is incomplete without it.</summary>
    public bool Required { get; init; } = true;

    public UpgradeMethod Upgrade { get; init; } = UpgradeMethod.Plugin;

    /// <summary>Position in `upgrade control-plane` (the product page's order); null when not part of it.</summary>
    public int? ControlPlaneOrder { get; init; }

    /// <summary>The Helm chart an upstream component is usually installed from, for the command we suggest.</summary>
    public string? HelmChart { get; init; }

    /// <summary>What the operator must do after upgrading it (the product page's later steps).</summary>
    public string? AfterUpgrade { get; init; }

    public bool Answers(string name) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase)
        || Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));
}
