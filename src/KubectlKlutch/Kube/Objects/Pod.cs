namespace KubectlKlutch.Kube.Objects;

public sealed record Pod
{
    public ObjectMeta Metadata { get; init; } = new();
    public PodStatus Status { get; init; } = new();
}

public sealed record PodStatus
{
    public string? Phase { get; init; }
    public List<ContainerStatus>? ContainerStatuses { get; init; }
    public List<ContainerStatus>? InitContainerStatuses { get; init; }
}

public sealed record ContainerStatus
{
    public string Name { get; init; } = "";
    public bool Ready { get; init; }
    public int RestartCount { get; init; }
    public string? Image { get; init; }
    public ContainerState? State { get; init; }
}

public sealed record ContainerState(ContainerStateDetail? Waiting, ContainerStateDetail? Terminated);

public sealed record ContainerStateDetail(string? Reason, string? Message);

public sealed record Event
{
    public ObjectMeta Metadata { get; init; } = new();
    public ObjectReference? InvolvedObject { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public string? Type { get; init; }
    public DateTimeOffset? LastTimestamp { get; init; }
    public DateTimeOffset? EventTime { get; init; }

    public DateTimeOffset? When => LastTimestamp ?? EventTime ?? Metadata.CreationTimestamp;
}

public sealed record ObjectReference(string? Kind, string? Name, string? Namespace);
