using KubectlKlutch.Catalog;

namespace KubectlKlutch.Tests.Catalog;

public class ComponentCatalogTests
{
    [Fact]
    public void Every_name_and_alias_picks_exactly_one_component()
    {
        var names = ComponentCatalog.All.SelectMany(c => c.Aliases.Append(c.Name)).Select(n => n.ToLowerInvariant()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var component in ComponentCatalog.All)
            foreach (var name in component.Aliases.Append(component.Name))
                Assert.Same(component, ComponentCatalog.Find(name.ToUpperInvariant()));
    }

    [Fact]
    public void The_control_plane_is_updated_in_the_product_pages_order()
    {
        Assert.Equal(["provider-anynines", "dataservices", "backend"], ComponentCatalog.ControlPlaneOrder.Select(c => c.Name));
    }

    [Theory]
    [InlineData("configuration", "dataservices")]
    [InlineData("anynines-dataservices", "dataservices")]
    [InlineData("w5n9a2g2-anynines-dataservices", "dataservices")]
    [InlineData("anynines-backend", "backend")]
    public void Accepts_the_names_operators_use(string alias, string component)
    {
        Assert.Equal(component, ComponentCatalog.Find(alias)?.Name);
    }

    [Fact]
    public void Every_default_repository_is_a_valid_image_name()
    {
        foreach (var c in ComponentCatalog.All)
        {
            Assert.True(KubectlKlutch.Versions.ImageReference.TryParse(c.DefaultRepository, out _), c.Name);
            Assert.True(c.LegacyRepository is null || KubectlKlutch.Versions.ImageReference.TryParse(c.LegacyRepository, out _), c.Name);
        }
    }
}
