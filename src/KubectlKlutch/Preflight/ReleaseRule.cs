using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Preflight;

/// <summary>What a rule's check sees: the cluster as read, shared reads for what the snapshot lacks, and the versions.</summary>
public sealed record RuleContext(ClusterSnapshot Snapshot, SharedReads Reads, Component Component, ReleaseVersion From, ReleaseVersion To);

/// <summary>When a rule applies: crossing a release (from below it to it or later), or reaching it.</summary>
public abstract record VersionRange
{
    public abstract bool Contains(ReleaseVersion from, ReleaseVersion to);
}

/// <summary>From a version older than `Boundary` to `Boundary` or newer: 1.3.0 -> 1.3.1 crosses v1.3.1, 1.3.1 -> 1.3.2 does not.</summary>
public sealed record Crossing(ReleaseVersion Boundary) : VersionRange
{
    // A release candidate counts as its release.
    public override bool Contains(ReleaseVersion from, ReleaseVersion to) => from.Release < Boundary && to.Release >= Boundary;

    public override string ToString() => $"from before {Boundary} to {Boundary} or newer";
}

/// <summary>To `Boundary` or newer, whatever the version before.</summary>
public sealed record Reaching(ReleaseVersion Boundary) : VersionRange
{
    public override bool Contains(ReleaseVersion from, ReleaseVersion to) => to.Release >= Boundary;

    public override string ToString() => $"to {Boundary} or newer";
}

/// <summary>
/// One release note turned into a check: when it applies, to which upgrade (a component's name,
/// or a cluster role for every Klutch component of it), how severe, what it checks and what
/// fixes it. Adding a release's rule is adding one of these.
/// </summary>
public sealed record ReleaseRule(
    string Id,
    VersionRange Range,
    string Scope,
    Severity Severity,
    Func<RuleContext, CancellationToken, Task<IReadOnlyList<Finding>>> Check)
{
    public bool AppliesTo(Component component, ReleaseVersion from, ReleaseVersion to) =>
        (component.Answers(Scope) || (component.KlutchRelease && Status.StatusBuilder.RoleName(component.Role) == Scope))
        && Range.Contains(from, to);
}
