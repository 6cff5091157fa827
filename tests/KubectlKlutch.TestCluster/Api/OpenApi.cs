using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Just enough OpenAPI v3 for kubectl's validation step in `create -f` and `apply`: one document
/// per group version whose PATCH operations declare the fieldValidation query parameter, which tells
/// kubectl the server validates fields itself (so it sends fieldValidation=Strict instead of
/// validating against schemas it would otherwise need). No schemas are served.
/// </summary>
internal static class OpenApi
{
    public static JsonObject Root(IReadOnlyList<ResourceType> types)
    {
        var paths = new JsonObject();
        foreach (var gv in types.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = Prefix(gv.Group, gv.Version).TrimStart('/');
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash=klutch" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? GroupVersion(IReadOnlyList<ResourceType> types, string path)
    {
        var paths = new JsonObject();
        foreach (var t in types)
        {
            if (Prefix(t.Group, t.Version).TrimStart('/') != path)
            {
                continue;
            }
            var collection = t.Namespaced
                ? $"{Prefix(t.Group, t.Version)}/namespaces/{{namespace}}/{t.Plural}"
                : $"{Prefix(t.Group, t.Version)}/{t.Plural}";
            var gvk = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind };
            JsonObject Operation() => new()
            {
                ["parameters"] = new JsonArray(new JsonObject
                {
                    ["name"] = "fieldValidation",
                    ["in"] = "query",
                    ["schema"] = new JsonObject { ["type"] = "string" },
                }),
                ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
            };
            paths[collection] = new JsonObject { ["post"] = Operation() };
            paths[collection + "/{name}"] = new JsonObject { ["patch"] = Operation(), ["put"] = Operation() };
        }
        return paths.Count == 0
            ? null
            : new JsonObject
            {
                ["openapi"] = "3.0.0",
                ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
                ["paths"] = paths,
            };
    }

    private static string Prefix(string group, string version) => group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
}
