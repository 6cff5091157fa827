using System.Text.Json.Serialization;
using KubectlKlutch.Health;

namespace KubectlKlutch.Upgrade;

[JsonConverter(typeof(JsonStringEnumConverter<FollowPhase>))]
public enum FollowPhase
{
    Progressing,
    Done,
    Failed,
    /// <summary>The field was put back to another value by someone else: the change is gone.</summary>
    Reverted,
    TimedOut,
    Interrupted,
}

/// <summary>Where a rollout stands while it is followed: what the progress line shows.</summary>
public sealed record FollowState(FollowPhase Phase, string Message, TimeSpan Elapsed, RolloutState? Rollout = null, string? LastEvent = null);
