using KubectlKlutch.Versions;

namespace KubectlKlutch.Tests.Versions;

public class ReleaseVersionTests
{
    [Theory]
    [InlineData("v1.3.0", 1, 3, 0, null)]
    [InlineData("v1.4.0-rc1", 1, 4, 0, "rc1")]
    [InlineData("v10.0.12", 10, 0, 12, null)]
    [InlineData("v1.3.0+build.5", 1, 3, 0, null)]
    public void Parses_release_tags(string tag, int major, int minor, int patch, string? pre)
    {
        Assert.Equal(new ReleaseVersion(major, minor, patch, pre), ReleaseVersion.Parse(tag));
    }

    [Theory]
    [InlineData("1.3.0")]
    [InlineData("v1.3")]
    [InlineData("v1.03.0")]
    [InlineData("latest")]
    [InlineData("v1.3.0-")]
    [InlineData("v1.3.0-rc..1")]
    [InlineData("v1.3.0;rm")]
    [InlineData("")]
    public void Refuses_what_is_not_a_release_tag(string tag)
    {
        Assert.False(ReleaseVersion.TryParse(tag, out _));
    }

    [Fact]
    public void Orders_by_semantic_version_not_by_string()
    {
        var tags = new[] { "v1.9.0", "v1.10.0", "v1.4.0-rc1", "v1.4.0", "v1.4.0-rc10", "v1.4.0-rc2", "v0.9.9" };
        var ordered = tags.Select(ReleaseVersion.Parse).Order().Select(v => v.ToString());
        Assert.Equal(["v0.9.9", "v1.4.0-rc1", "v1.4.0-rc2", "v1.4.0-rc10", "v1.4.0", "v1.9.0", "v1.10.0"], ordered);
    }

    [Fact]
    public void A_candidate_counts_as_its_release()
    {
        Assert.Equal(ReleaseVersion.Parse("v1.4.0"), ReleaseVersion.Parse("v1.4.0-rc3").Release);
    }
}
