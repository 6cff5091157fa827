namespace KubectlKlutch.Versions;

/// <summary>`kubectl klutch versions` as data: the documented JSON/YAML shape.</summary>
public sealed record VersionsReport
{
    public required string PluginVersion { get; init; }
    /// <summary>The context read, or null with --all-components.</summary>
    public string? Context { get; init; }
    public required IReadOnlyList<ComponentVersions> Components { get; init; }
}

public sealed record ComponentVersions
{
    /// <summary>The catalog entry the line is about: later checks use it rather than look it up by name.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public Catalog.Component Catalog { get; init; } = null!;
    public required string Name { get; init; }
    /// <summary>The repository whose tags were listed (before any mirror rewrite from the settings).</summary>
    public required string Repository { get; init; }
    public string? Installed { get; init; }
    public string? Latest { get; init; }
    /// <summary>The newest patch release of the installed minor version.</summary>
    public string? LatestPatch { get; init; }
    /// <summary>How many releases are newer than the installed one.</summary>
    public int? Behind { get; init; }
    /// <summary>Releases newest first (and release candidates, with --pre).</summary>
    public IReadOnlyList<string> Available { get; init; } = [];
    /// <summary>Tags that are not semantic versions (`latest`, `sha-abc`), listed apart.</summary>
    public IReadOnlyList<string> OtherTags { get; init; } = [];
    /// <summary>Newer releases that a blocking release check would stop on this cluster, with the checks' IDs.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Blocked { get; init; }

    /// <summary>Why the registry could not be read; the installed version is still reported.</summary>
    public string? Error { get; init; }
}
