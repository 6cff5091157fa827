using KubectlKlutch.Catalog;
using KubectlKlutch.Preflight;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Tests.Preflight;

public class ReleaseRuleTests
{
    [Theory]
    [InlineData("v1.3.0", "v1.3.1", true)]
    [InlineData("v1.2.0", "v1.4.0", true)]
    [InlineData("v1.3.1", "v1.3.2", false)]
    [InlineData("v1.3.0", "v1.3.0", false)]
    [InlineData("v1.3.0", "v1.3.1-rc1", true)]  // a candidate counts as its release
    [InlineData("v1.3.1-rc1", "v1.3.1", false)]
    public void A_crossing_applies_only_from_before_the_release_to_it_or_later(string from, string to, bool applies)
    {
        Assert.Equal(applies, new Crossing(ReleaseVersion.Parse("v1.3.1")).Contains(ReleaseVersion.Parse(from), ReleaseVersion.Parse(to)));
    }

    [Theory]
    [InlineData("v1.3.0", "v1.5.0", true)]
    [InlineData("v1.5.0", "v1.5.1", true)]
    [InlineData("v1.4.0", "v1.5.0-rc2", true)]
    [InlineData("v1.3.0", "v1.4.9", false)]
    public void Reaching_applies_to_any_upgrade_that_ends_at_or_after_the_release(string from, string to, bool applies)
    {
        Assert.Equal(applies, new Reaching(ReleaseVersion.Parse("v1.5.0")).Contains(ReleaseVersion.Parse(from), ReleaseVersion.Parse(to)));
    }

    [Theory]
    [InlineData("provider-anynines", true)]
    [InlineData("dataservices", true)]
    [InlineData("backend", true)]
    [InlineData("konnector", false)]
    public void A_rule_for_a_role_applies_to_that_roles_Klutch_components(string component, bool applies)
    {
        var rule = ReleaseRules.Find(ReleaseRules.CrossplaneVersion)!;
        Assert.Equal(applies, rule.AppliesTo(ComponentCatalog.Find(component)!, ReleaseVersion.Parse("v1.3.0"), ReleaseVersion.Parse("v1.4.0")));
    }

    [Fact]
    public void Every_rule_has_a_distinct_id_and_names_a_component_or_a_role()
    {
        Assert.Equal(ReleaseRules.All.Count, ReleaseRules.All.Select(r => r.Id).Distinct().Count());
        foreach (var rule in ReleaseRules.All)
            Assert.True(ComponentCatalog.Find(rule.Scope) is not null || rule.Scope is "control-plane" or "app-cluster", rule.Id);
    }
}
