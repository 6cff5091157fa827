using System.Text.Json.Serialization;

namespace KubectlKlutch.Health;

[JsonConverter(typeof(JsonStringEnumConverter<HealthState>))]
public enum HealthState
{
    Healthy,
    Progressing,
    Degraded,
    Missing,
    Unknown,
}

/// <summary>A pod that will not become ready on its own: the reason a rollout stops early.</summary>
public sealed record FailingPod(string Pod, string Container, string Reason, string? Message);

/// <summary>Replica counts of a Deployment, as `kubectl rollout status` judges them.</summary>
public sealed record RolloutState(int Desired, int Updated, int Ready, int Available, int Total, bool Complete);

/// <summary>A health verdict with its one-line reason.</summary>
public sealed record Assessment(HealthState State, string Message)
{
    public bool IsHealthy => State == HealthState.Healthy;
}
