using System.Text.Json.Serialization;
using KubectlKlutch.Catalog;

namespace KubectlKlutch.Upgrade;

/// <summary>
/// The plan, as plain data: dry-run prints it, `-o json` serialises it, the applier executes
/// it, tests assert on it. Nothing in it talks to a cluster.
/// </summary>
public sealed record UpgradePlan
{
    public required string Context { get; init; }
    public required string Server { get; init; }
    public string? User { get; init; }
    public required IReadOnlyList<PlanStep> Steps { get; init; }
}

public sealed record PlanStep
{
    public required string Component { get; init; }
    public required string Kind { get; init; }
    public string? Namespace { get; init; }
    public required string Name { get; init; }
    public required string Field { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    /// <summary>Nothing to do: the component already runs the version.</summary>
    public bool UpToDate { get; init; }
    /// <summary>
    /// At the version already, but not healthy (a rollout under way, or failing): nothing is
    /// patched, and the step follows the rollout to its end, so that running an upgrade again
    /// never calls a crashing component done.
    /// </summary>
    public string? Unsettled { get; init; }
    /// <summary>Nothing to patch and nothing to wait for.</summary>
    [JsonIgnore] public bool Done => UpToDate && Unsettled is null;
    /// <summary>
    /// Where the cluster will pull <see cref="To"/> from when an ImageConfig rewrites the
    /// package's location; the registry check asks there. Null without a rewrite.
    /// </summary>
    public string? PulledFrom { get; init; }
    public required string PatchType { get; init; }
    public required string Patch { get; init; }
    /// <summary>Who owns the field, when a known tool does (Ownership/OwnerTable): `{tool, unit, manager, reverts, detail}`.</summary>
    public Ownership.FieldOwner? Owner { get; init; }
    /// <summary>What the operator should know about this step (a repository move, a follow-up).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The catalog entry the step is for: reports keep it rather than look it up by name.</summary>
    [JsonIgnore] public Component Catalog { get; init; } = null!;
    /// <summary>The field the step changes, as it was read when the plan was made.</summary>
    [JsonIgnore] public VersionedField Target { get; init; } = null!;
    /// <summary>An upgrade records the version it replaces; a rollback does not, so that it cannot flip back.</summary>
    [JsonIgnore] public ChangeKind Change { get; init; }

    public string Where => Namespace is null ? $"{Kind.ToLowerInvariant()}/{Name}" : $"{Namespace}/{Name}";
}
