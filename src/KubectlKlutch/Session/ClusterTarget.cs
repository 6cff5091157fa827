namespace KubectlKlutch.Session;

/// <summary>
/// Which cluster to talk to and as whom: the kubectl flags every verb takes. Plain data, so
/// that one target can be built per context when many clusters are read at once.
/// </summary>
public sealed record ClusterTarget
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(5);

    public string? Kubeconfig { get; init; }
    public string? Context { get; init; }
    public string? Cluster { get; init; }
    public string? User { get; init; }
    public string? Namespace { get; init; }
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;
    public string? As { get; init; }
    public IReadOnlyList<string> AsGroups { get; init; } = [];
    public string? AsUid { get; init; }
    public int Verbosity { get; init; }
}
