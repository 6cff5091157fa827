using KubectlKlutch.Registry;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry.Tests.Unit;

public class TagListTests
{
    private static readonly string[] Tags =
        ["latest", "v1.2.0", "v1.10.0", "v1.3.1", "sha-abc", "v1.4.0-rc1", "v1.2.1", "v1.3.0", "v1.9.0", "v1.4.0-rc10", "v1.4.0-rc2", "1.3.0", "v1.3.1"];

    [Fact]
    public void Releases_are_ordered_by_semver_newest_first_not_by_string()
    {
        var set = TagList.Split(Tags);
        Assert.Equal(["v1.10.0", "v1.9.0", "v1.3.1", "v1.3.0", "v1.2.1", "v1.2.0"], set.Releases.Select(r => r.ToString()));
        Assert.Equal(["v1.4.0-rc10", "v1.4.0-rc2", "v1.4.0-rc1"], set.PreReleases.Select(r => r.ToString()));
        Assert.Equal(["1.3.0", "latest", "sha-abc"], set.Other);
    }

    [Fact]
    public void Newest_release_ignores_candidates_and_other_tags()
    {
        Assert.Equal(ReleaseVersion.Parse("v1.10.0"), TagList.NewestRelease(Tags));
        Assert.Null(TagList.NewestRelease(["latest", "v2.0.0-rc1"]));
        Assert.Null(TagList.NewestRelease([]));
    }

    [Fact]
    public void Newest_patch_of_a_minor()
    {
        Assert.Equal(ReleaseVersion.Parse("v1.3.1"), TagList.NewestPatchOf(Tags, ReleaseVersion.Parse("v1.3.0")));
        Assert.Equal(ReleaseVersion.Parse("v1.2.1"), TagList.NewestPatchOf(Tags, ReleaseVersion.Parse("v1.2.0")));
        Assert.Null(TagList.NewestPatchOf(Tags, ReleaseVersion.Parse("v1.5.0")));
    }

    [Fact]
    public void Releases_behind_counts_newer_releases_only()
    {
        Assert.Equal(4, TagList.ReleasesBehind(Tags, ReleaseVersion.Parse("v1.2.1")));
        Assert.Equal(0, TagList.ReleasesBehind(Tags, ReleaseVersion.Parse("v1.10.0")));
        // A candidate of 1.4.0 is behind 1.9.0 and 1.10.0 (there is no 1.4.0 release yet).
        Assert.Equal(2, TagList.ReleasesBehind(Tags, ReleaseVersion.Parse("v1.4.0-rc1")));
    }

    [Fact]
    public void Build_metadata_does_not_duplicate_a_release()
    {
        var set = TagList.Split(["v1.2.0", "v1.2.0+build.7"]);
        Assert.Single(set.Releases);
        Assert.True(set.Contains(ReleaseVersion.Parse("v1.2.0")));
        Assert.False(set.Contains(ReleaseVersion.Parse("v1.2.0-rc1")));
    }
}
