using KubectlKlutch.Catalog;
using KubectlKlutch.Preflight;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Upgrade;

public enum ChangeKind
{
    Upgrade,
    Rollback,
}

/// <summary>
/// What the operator asked for, checked before anything is read: a bad component, version or
/// check ID is refused (exit 2) without a request. The same request is planned on one cluster
/// or on every member of a fleet.
/// </summary>
public sealed record ChangeRequest
{
    public required ChangeKind Kind { get; init; }
    /// <summary>The component (or group) as the operator named it.</summary>
    public required string Target { get; init; }
    /// <summary>The catalog entries it names, in upgrade order.</summary>
    public required IReadOnlyList<Component> Components { get; init; }
    /// <summary>The version as given (`v1.3.1`, `latest`); empty for a rollback.</summary>
    public string VersionText { get; init; } = "";
    /// <summary>The release to go to; null for `latest` (resolved per cluster) and for a component the plugin does not upgrade.</summary>
    public ReleaseVersion? Version { get; init; }
    public string? Namespace { get; init; }
    /// <summary>A registry (and path) to move to on purpose; by default the component keeps its own.</summary>
    public string? Registry { get; init; }
    public bool AllowDowngrade { get; init; }
    public bool Force { get; init; }
    public IReadOnlyCollection<string> IgnoreChecks { get; init; } = [];
    public bool SkipRegistryCheck { get; init; }
    /// <summary>Patch a field another tool owns and will put back (`--take-over`), on purpose.</summary>
    public bool TakeOver { get; init; }

    /// <summary>Upgraded by its own method (Crossplane's Helm chart): the plan is advice, never a patch.</summary>
    public bool Upstream => Components is [{ Upgrade: UpgradeMethod.Upstream }];

    /// <summary>Whether planning asks a registry: for `latest`, and for the tag check unless it is skipped.</summary>
    public bool AsksRegistry => Kind == ChangeKind.Upgrade && !Upstream && (Latest || !SkipRegistryCheck);

    public bool Latest => Kind == ChangeKind.Upgrade && string.Equals(VersionText, KnownReleases.Latest, StringComparison.OrdinalIgnoreCase);

    public static ChangeRequest Upgrade(string target, string version, string? ns = null, string? registry = null, bool allowDowngrade = false,
        bool force = false, IReadOnlyCollection<string>? ignoreChecks = null, bool skipRegistryCheck = false)
    {
        PreflightCheck.ValidateIgnored(ignoreChecks ?? []);
        var request = new ChangeRequest
        {
            Kind = ChangeKind.Upgrade, Target = target, Components = ComponentsFor(target), VersionText = version, Namespace = ns, Registry = registry,
            AllowDowngrade = allowDowngrade, Force = force, IgnoreChecks = ignoreChecks ?? [], SkipRegistryCheck = skipRegistryCheck,
        };
        return request.Upstream || request.Latest ? request : request with { Version = ParseVersion(version) };
    }

    public static ChangeRequest Rollback(string target, string? ns)
    {
        var components = ComponentsFor(target);
        if (components is not [{ Upgrade: UpgradeMethod.Plugin }])
            throw new UsageException($"rollback takes one component the plugin upgrades, not \"{target}\"");
        return new ChangeRequest { Kind = ChangeKind.Rollback, Target = target, Components = components, Namespace = ns };
    }

    /// <summary>The catalog entries a name stands for: one component, or the control plane in the product page's order.</summary>
    public static IReadOnlyList<Component> ComponentsFor(string target)
    {
        if (string.Equals(target, ComponentCatalog.ControlPlaneGroup, StringComparison.OrdinalIgnoreCase)) return [.. ComponentCatalog.ControlPlaneOrder];
        var component = ComponentCatalog.Find(target)
            ?? throw new UsageException($"unknown component \"{target}\": choose one of {string.Join(", ", ComponentCatalog.All.Select(c => c.Name))}, or {ComponentCatalog.ControlPlaneGroup}");
        return component.Upgrade == UpgradeMethod.ReportOnly
            ? throw new UsageException($"{component.Name} is not upgraded by the plugin: the Klutch release you upgrade to pins the version it needs")
            : [component];
    }

    public static ReleaseVersion ParseVersion(string version)
    {
        if (!ImageReference.IsValidTag(version))
            throw new UsageException($"\"{version}\" cannot be an image tag (letters, digits, '.', '_' and '-' only, at most 128): give a release such as v1.3.0");
        if (!ReleaseVersion.TryParse(version, out var parsed))
            throw new UsageException($"\"{version}\" is not a release version: give a v-prefixed semantic version such as v1.3.0");
        return parsed;
    }
}
