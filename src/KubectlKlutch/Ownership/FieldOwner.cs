using System.Text.Json.Serialization;

namespace KubectlKlutch.Ownership;

/// <summary>When the owner puts the field back: `now` (within seconds), `next-sync`, `never`, or `unknown`.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Reverts>))]
public enum Reverts
{
    [JsonStringEnumMemberName("now")] Now,
    [JsonStringEnumMemberName("next-sync")] NextSync,
    [JsonStringEnumMemberName("never")] Never,
    [JsonStringEnumMemberName("unknown")] Unknown,
}

/// <summary>How the decision table treats an owner (the rows of the table in README.md).</summary>
public enum OwnerClass
{
    /// <summary>Puts it back on its own, soon (or may: its object could not be read).</summary>
    RevertsSoon,
    /// <summary>Puts it back at its next run (a sync, a helm upgrade).</summary>
    RevertsNextRun,
    /// <summary>Owns it but is told not to touch it (suspended, skipped).</summary>
    ToldNotToTouch,
    /// <summary>Only `kubectl apply`'s last-applied state: the next apply of the bundle sets the old value back.</summary>
    ApplyStateOnly,
}

/// <summary>
/// Who owns the field the plugin would change, as `status` and the plan show it. JSON:
/// `owner: {tool, unit, manager, reverts, detail}`.
/// </summary>
public sealed record FieldOwner(string Tool, string Unit, string? Manager, Reverts Reverts, string Detail)
{
    [JsonIgnore] public OwnerClass Class { get; init; }
    /// <summary>What to change instead of the live object.</summary>
    [JsonIgnore] public string Instead { get; init; } = "";
}
