using System.Text.Json.Serialization;

namespace KubectlKlutch.Preflight;

[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    Info,
    Warning,
    /// <summary>Refuses the upgrade (exit 2, nothing written) unless ignored by its ID on purpose.</summary>
    Blocking,
}

/// <summary>What a release rule found on this cluster: the object, what is wrong, the command that fixes it.</summary>
public sealed record Finding(string Id, Severity Severity, string Object, string Message, string? Fix)
{
    /// <summary>The rule's check could not be read (RBAC, API not served): as blocking as a failed check.</summary>
    public bool CouldNotCheck { get; init; }

    /// <summary>Ignored on purpose with --ignore-check.</summary>
    public bool Overridden { get; init; }

    public bool Blocks => Severity == Severity.Blocking && !Overridden;
}
