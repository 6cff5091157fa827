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
    public string? CurrentIdentifier { get; init; }
    public List<Condition>? Conditions { get; init; }
}

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
