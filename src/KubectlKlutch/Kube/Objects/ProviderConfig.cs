namespace KubectlKlutch.Kube.Objects;

/// <summary>A ProviderConfig of provider-anynines (dataservices.anynines.com/v1): one per service broker and backup manager.</summary>
public sealed record ProviderConfig
{
    public ObjectMeta Metadata { get; init; } = new();
    public ProviderConfigSpec? Spec { get; init; }
}

public sealed record ProviderConfigSpec(string? ServiceType);
