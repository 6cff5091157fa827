using KubectlKlutch.Catalog;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// What the sandbox's registry lists: every repository of the plugin's catalog (both
/// generations of Klutch's names), with Klutch's releases up to one past the scenarios' v1.3.0
/// and upstream tags around the versions the scenarios seed. Data, read from the one catalog.
/// </summary>
internal static class SandboxTags
{
    private static readonly string[] KlutchReleases = ["v1.2.0", "v1.2.1", "v1.3.0", "v1.3.1"];

    private static readonly Dictionary<string, string[]> Upstream = new(StringComparer.Ordinal)
    {
        ["crossplane"] = ["v1.16.0", "v1.17.0", "v1.17.1", "v1.18.0"],
        ["provider-kubernetes"] = ["v0.14.0", "v0.14.1", "v0.15.0"],
        ["function-patch-and-transform"] = ["v0.6.0", "v0.7.0", "v0.8.0"],
    };

    /// <summary>Tags by repository name as the catalog spells it (registry host first).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByRepository()
    {
        var tags = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var component in ComponentCatalog.All)
        {
            var list = component.KlutchRelease ? KlutchReleases : Upstream.GetValueOrDefault(component.Name, []);
            foreach (var repository in new[] { component.DefaultRepository, component.LegacyRepository })
            {
                if (repository != null)
                    tags[repository] = list;
            }
        }
        return tags;
    }
}
