namespace KubectlKlutch.Kube.Objects;

public sealed record Deployment
{
    public ObjectMeta Metadata { get; init; } = new();
    public DeploymentSpec Spec { get; init; } = new();
    public DeploymentStatus Status { get; init; } = new();

    public Container? Container(string name) => Spec.Template.Spec.Containers.FirstOrDefault(c => c.Name == name);
}

public sealed record DeploymentSpec
{
    /// <summary>Unset means 1, as the API server defaults it.</summary>
    public int? Replicas { get; init; }
    public LabelSelector? Selector { get; init; }
    public PodTemplate Template { get; init; } = new();
    public DeploymentStrategy? Strategy { get; init; }
    public int? ProgressDeadlineSeconds { get; init; }
}

public sealed record DeploymentStrategy(string? Type);

public sealed record DeploymentStatus
{
    public long ObservedGeneration { get; init; }
    public int Replicas { get; init; }
    public int UpdatedReplicas { get; init; }
    public int ReadyReplicas { get; init; }
    public int AvailableReplicas { get; init; }
    public int UnavailableReplicas { get; init; }
    public List<Condition>? Conditions { get; init; }
}

public sealed record LabelSelector(Dictionary<string, string>? MatchLabels)
{
    /// <summary>The selector as a query string value (`app=konnector,tier=x`).</summary>
    public string? ToQuery() =>
        MatchLabels is { Count: > 0 } labels ? string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) : null;
}

public sealed record PodTemplate
{
    public ObjectMeta? Metadata { get; init; }
    public PodSpec Spec { get; init; } = new();
}

public sealed record PodSpec
{
    public List<Container> Containers { get; init; } = [];
}

public sealed record Container(string Name, string? Image);
