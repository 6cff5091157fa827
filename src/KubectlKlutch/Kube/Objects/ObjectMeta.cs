namespace KubectlKlutch.Kube.Objects;

// Small read-only views of the Kubernetes objects the plugin reads: only the fields it uses,
// deserialised by a source-generated context (no reflection in the native binary).

public sealed record ObjectMeta
{
    public string Name { get; init; } = "";
    public string? Namespace { get; init; }
    public string? Uid { get; init; }
    public string? ResourceVersion { get; init; }
    public long Generation { get; init; }
    public DateTimeOffset? CreationTimestamp { get; init; }
    public DateTimeOffset? DeletionTimestamp { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }
    public List<OwnerReference>? OwnerReferences { get; init; }

    public string? Annotation(string key) => Annotations?.GetValueOrDefault(key);
}

public sealed record OwnerReference(string Kind, string Name, string? Uid);

public sealed record Condition
{
    public string Type { get; init; } = "";
    public string Status { get; init; } = "";
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public DateTimeOffset? LastTransitionTime { get; init; }
    public DateTimeOffset? LastUpdateTime { get; init; }
    /// <summary>The generation of the spec the condition judged (Crossplane v2; absent in v1).</summary>
    public long? ObservedGeneration { get; init; }

    public bool IsTrue => Status == "True";
    public bool IsFalse => Status == "False";
}

public static class ConditionExtensions
{
    public static Condition? Find(this IEnumerable<Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);
}

public sealed record ObjectList<T>
{
    public ListMeta? Metadata { get; init; }
    public List<T> Items { get; init; } = [];
}

public sealed record ListMeta(string? ResourceVersion);

/// <summary>The `Status` object the API server sends with an error.</summary>
public sealed record ApiStatus(string? Message, string? Reason, int Code);
