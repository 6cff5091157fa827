using System.Text.Json.Serialization;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Bindings;

/// <summary>The fields of klutch-bind's kinds the plugin reads; everything else is ignored.</summary>
public sealed record ClusterBinding
{
    public ObjectMeta Metadata { get; init; } = new();
    public ClusterBindingSpec? Spec { get; init; }
    public ClusterBindingStatus? Status { get; init; }
}

public sealed record ClusterBindingSpec(string? ProviderPrettyName);

public sealed record ClusterBindingStatus
{
    public string? KonnectorVersion { get; init; }
    public DateTimeOffset? LastHeartbeatTime { get; init; }
    /// <summary>A Go duration, `5m0s`.</summary>
    public string? HeartbeatInterval { get; init; }
    public List<Condition>? Conditions { get; init; }
}

public sealed record AppClusterBinding
{
    public ObjectMeta Metadata { get; init; } = new();
    public AppClusterBindingSpec? Spec { get; init; }
}

public sealed record AppClusterBindingSpec(KonnectorSettings? Konnector);

public sealed record KonnectorSettings(bool? Deploy, KonnectorOverrides? Overrides);

public sealed record KonnectorOverrides(string? Image);

public sealed record ApiServiceBinding
{
    public ObjectMeta Metadata { get; init; } = new();
    public ApiServiceBindingStatus? Status { get; init; }
}

public sealed record ApiServiceBindingStatus(string? ProviderPrettyName, List<Condition>? Conditions);

/// <summary>Discovery of one group version: which kinds are served, and their scope.</summary>
public sealed record ApiResourceList(List<ApiResourceEntry>? Resources);

public sealed record ApiResourceEntry(string Name, string Kind, bool Namespaced);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ObjectList<ClusterBinding>))]
[JsonSerializable(typeof(ObjectList<AppClusterBinding>))]
[JsonSerializable(typeof(ObjectList<ApiServiceBinding>))]
[JsonSerializable(typeof(ApiResourceList))]
public sealed partial class BindingJson : JsonSerializerContext;
