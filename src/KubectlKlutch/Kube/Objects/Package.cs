namespace KubectlKlutch.Kube.Objects;

/// <summary>A Crossplane package: Provider, Configuration or Function (pkg.crossplane.io).</summary>
public sealed record Package
{
    public ObjectMeta Metadata { get; init; } = new();
    public PackageSpec Spec { get; init; } = new();
    public PackageStatus Status { get; init; } = new();
}

public sealed record PackageSpec
{
    public string? Package { get; init; }
    public string? RevisionActivationPolicy { get; init; }
}

public sealed record PackageStatus
{
    public string? CurrentRevision { get; init; }
    /// <summary>The package the current revision was made from: always the original spec.package, even when an ImageConfig rewrote where it is pulled from.</summary>
    public string? CurrentIdentifier { get; init; }
    /// <summary>Where the cluster pulls spec.package from after ImageConfig rewrites (Crossplane 1.20+).</summary>
    public string? ResolvedPackage { get; init; }
    public List<ImageConfigRef>? AppliedImageConfigRefs { get; init; }
    public List<Condition>? Conditions { get; init; }
}

/// <summary>An ImageConfig Crossplane applied to a package, and what for (RewriteImage, SetImagePullSecret, ...).</summary>
public sealed record ImageConfigRef(string Name, string? Reason);

/// <summary>A ProviderRevision or ConfigurationRevision: one package image, Active or Inactive.</summary>
public sealed record PackageRevision
{
    public ObjectMeta Metadata { get; init; } = new();
    public PackageRevisionSpec Spec { get; init; } = new();
    public PackageStatus Status { get; init; } = new();
}

public sealed record PackageRevisionSpec
{
    public string? Image { get; init; }
    public string? DesiredState { get; init; }
    public long Revision { get; init; }
}
