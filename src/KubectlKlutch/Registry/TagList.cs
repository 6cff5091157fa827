using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry;

/// <summary>
/// A repository's tags sorted the way Klutch needs them: releases and release candidates by
/// semantic version (newest first), everything else (latest, sha-abc) kept apart.
/// </summary>
public sealed record TagSet(
    IReadOnlyList<ReleaseVersion> Releases,
    IReadOnlyList<ReleaseVersion> PreReleases,
    IReadOnlyList<string> Other)
{
    /// <summary>The newest release, ignoring release candidates; null when there is none.</summary>
    public ReleaseVersion? NewestRelease => Releases.Count > 0 ? Releases[0] : null;

    /// <summary>The newest release with the same major and minor as <paramref name="version"/>.</summary>
    public ReleaseVersion? NewestPatchOf(ReleaseVersion version) =>
        Releases.FirstOrDefault(r => r.Major == version.Major && r.Minor == version.Minor);

    /// <summary>How many releases are newer than <paramref name="current"/> (a candidate counts as its release's predecessor).</summary>
    public int ReleasesBehind(ReleaseVersion current) => Releases.Count(r => r > current);

    /// <summary>Whether <paramref name="version"/> is among the tags, as a release or a candidate.</summary>
    public bool Contains(ReleaseVersion version) =>
        (version.IsPreRelease ? PreReleases : Releases).Any(r => r.CompareTo(version) == 0);
}

/// <summary>Pure functions over a raw tag list, as returned by <see cref="RegistryClient.ListTagsAsync"/>.</summary>
public static class TagList
{
    public static TagSet Split(IEnumerable<string> tags)
    {
        var releases = new List<ReleaseVersion>();
        var pre = new List<ReleaseVersion>();
        var other = new List<string>();
        foreach (var tag in tags.Distinct(StringComparer.Ordinal))
        {
            if (!ReleaseVersion.TryParse(tag, out var v)) other.Add(tag);
            else (v.IsPreRelease ? pre : releases).Add(v);
        }
        return new TagSet(Newest(releases), Newest(pre), other.Order(StringComparer.Ordinal).ToList());

        // Build metadata (v1.2.0+x) parses to the same version as v1.2.0: keep one of each.
        static List<ReleaseVersion> Newest(List<ReleaseVersion> list) =>
            list.Distinct().OrderDescending().ToList();
    }

    public static ReleaseVersion? NewestRelease(IEnumerable<string> tags) => Split(tags).NewestRelease;

    public static ReleaseVersion? NewestPatchOf(IEnumerable<string> tags, ReleaseVersion version) => Split(tags).NewestPatchOf(version);

    public static int ReleasesBehind(IEnumerable<string> tags, ReleaseVersion current) => Split(tags).ReleasesBehind(current);
}
