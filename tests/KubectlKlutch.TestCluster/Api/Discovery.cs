using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// The discovery documents kubectl reads to map "deployment" or "providers.pkg.crossplane.io" to a
/// URL. Only the legacy (unaggregated) form: kubectl asks for aggregated discovery first, and when
/// the answer is plain application/json it falls back to /api, /apis and one list per group version.
/// </summary>
internal static class Discovery
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0",
        ["gitCommit"] = "70d3cc986aa8221cd1dfb1121852688902d3bf53",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2024-12-11T17:59:15Z",
        ["goVersion"] = "go1.23.3",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = serverAddress,
        }),
    };

    public static JsonObject GroupList(IReadOnlyList<ResourceType> types) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(types.Where(t => t.Group.Length > 0).Select(t => t.Group).Distinct()
            .Select(g => (JsonNode)Group(types, g)).ToArray()),
    };

    public static JsonObject? GroupDocument(IReadOnlyList<ResourceType> types, string group)
    {
        if (!types.Any(t => t.Group == group))
        {
            return null;
        }
        var doc = Group(types, group);
        doc["kind"] = "APIGroup";
        doc["apiVersion"] = "v1";
        return doc;
    }

    private static JsonObject Group(IReadOnlyList<ResourceType> types, string group)
    {
        var versions = types.Where(t => t.Group == group).Select(t => t.Version).Distinct()
            .OrderByDescending(VersionPriority).ToList();
        JsonObject Gv(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)Gv(v)).ToArray()),
            ["preferredVersion"] = Gv(versions[0]),
        };
    }

    /// <summary>Kubernetes version ordering: GA above beta above alpha, higher numbers first.</summary>
    public static int VersionPriority(string version)
    {
        var m = System.Text.RegularExpressions.Regex.Match(version, @"^v(\d+)(?:(alpha|beta)(\d+))?$");
        if (!m.Success)
        {
            return 0;
        }
        var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "" => 3, "beta" => 2, _ => 1 };
        var minor = m.Groups[3].Success && m.Groups[3].Value.Length > 0
            ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        return stage * 1_000_000 + major * 1000 + minor;
    }

    public static JsonObject? ResourceList(IReadOnlyList<ResourceType> types, string group, string version)
    {
        var inVersion = types.Where(t => t.Group == group && t.Version == version).ToList();
        if (inVersion.Count == 0)
        {
            return null;
        }
        var resources = new JsonArray();
        foreach (var t in inVersion)
        {
            var r = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = new JsonArray(t.Verbs.Select(v => (JsonNode)v).ToArray()),
            };
            if (t.ShortNames.Length > 0)
            {
                r["shortNames"] = new JsonArray(t.ShortNames.Select(v => (JsonNode)v).ToArray());
            }
            if (t.Categories.Length > 0)
            {
                r["categories"] = new JsonArray(t.Categories.Select(v => (JsonNode)v).ToArray());
            }
            resources.Add(r);
            if (t.StorageKey is "apps/deployments" or "apps/replicasets")
            {
                resources.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/scale",
                    ["singularName"] = "",
                    ["namespaced"] = true,
                    ["group"] = "autoscaling",
                    ["version"] = "v1",
                    ["kind"] = "Scale",
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
            if (t.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = t.Namespaced,
                    ["kind"] = t.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }
}
