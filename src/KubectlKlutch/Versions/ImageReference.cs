using System.Diagnostics.CodeAnalysis;

namespace KubectlKlutch.Versions;

/// <summary>
/// A container image or Crossplane package reference, split the way the upgrade needs it:
/// the registry host and repository stay as the cluster has them (a mirror stays a mirror),
/// only the tag changes.
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    /// <summary>Docker Hub is the registry of an unqualified name, as in the container runtime.</summary>
    public const string DefaultRegistry = "docker.io";

    /// <summary>registry/repository, without tag or digest.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>The last path segment: `konnector` in `.../klutch/konnector`.</summary>
    public string ShortName => Repository[(Repository.LastIndexOf('/') + 1)..];

    public bool IsPinnedByDigest => Digest is not null;

    public ImageReference WithTag(string tag) => this with { Tag = tag, Digest = null };

    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsWhiteSpace)) return false;

        string? digest = null;
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            text = text[..at];
            if (!digest.Contains(':')) return false;
        }

        // A colon after the last slash separates the tag; one before it belongs to a host:port.
        string? tag = null;
        var lastSlash = text.LastIndexOf('/');
        var colon = text.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = text[(colon + 1)..];
            text = text[..colon];
            if (!IsValidTag(tag)) return false;
        }

        var firstSlash = text.IndexOf('/');
        var first = firstSlash < 0 ? "" : text[..firstSlash];
        var hasHost = first.Contains('.') || first.Contains(':') || first == "localhost";
        var registry = hasHost ? first : DefaultRegistry;
        var repository = hasHost ? text[(firstSlash + 1)..] : text;
        if (registry == DefaultRegistry && !repository.Contains('/')) repository = "library/" + repository;
        if (repository.Length == 0 || repository.Split('/').Any(s => s.Length == 0)) return false;

        reference = new ImageReference(registry, repository, tag, digest);
        return true;
    }

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference) ? reference : throw new FormatException($"'{text}' is not an image reference.");

    /// <summary>The OCI rule for a tag: [A-Za-z0-9_][A-Za-z0-9._-]{0,127}.</summary>
    public static bool IsValidTag(string tag) =>
        tag.Length is > 0 and <= 128
        && (char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_')
        && tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
