using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Crossplane's ImageConfig (pkg.crossplane.io/v1beta1) as the package manager applies it: the
/// config whose spec.matchImages prefix is the longest match for a package rewrites that prefix
/// to spec.rewriteImage.prefix. What the package asks for (spec.package, currentIdentifier)
/// stays the original; status.resolvedPackage and status.appliedImageConfigRefs say where it is pulled from.
/// </summary>
internal static class ImageConfigs
{
    public const string ApiVersion = "pkg.crossplane.io/v1beta1";

    public static (string Resolved, string? ConfigName) Resolve(ClusterState state, string packageRef)
    {
        if (state.Types.Find("pkg.crossplane.io", "v1beta1", "imageconfigs") is null)
        {
            return (packageRef, null);
        }
        var best = state.List(ApiVersion, "ImageConfig")
            .Where(c => c.Str("spec.rewriteImage.prefix") is not null)
            .SelectMany(c => ((c.At("spec.matchImages") as JsonArray) ?? []).OfType<JsonObject>()
                .Where(m => (m.Str("type") ?? "Prefix") == "Prefix" && m.Str("prefix") is { Length: > 0 } p && packageRef.StartsWith(p, StringComparison.Ordinal))
                .Select(m => (Config: c, Prefix: m.Str("prefix")!)))
            .OrderByDescending(m => m.Prefix.Length).ThenBy(m => m.Config.Name(), StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Config is null
            ? (packageRef, null)
            : (best.Config.Str("spec.rewriteImage.prefix") + packageRef[best.Prefix.Length..], best.Config.Name());
    }

    /// <summary>Writes resolvedPackage and appliedImageConfigRefs as Crossplane 1.20+ does.</summary>
    public static void Record(JsonObject package, string resolved, string? configName)
    {
        var status = package.Obj("status");
        status["resolvedPackage"] = resolved;
        if (configName is null)
        {
            status.Remove("appliedImageConfigRefs");
        }
        else
        {
            status["appliedImageConfigRefs"] = new JsonArray(new JsonObject { ["name"] = configName, ["reason"] = "RewriteImage" });
        }
    }

    public static JsonObject New(string name, string matchPrefix, string rewritePrefix, DateTimeOffset created) => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = "ImageConfig",
        ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = Json.Time(created), ["generation"] = 1 },
        ["spec"] = new JsonObject
        {
            ["matchImages"] = new JsonArray(new JsonObject { ["type"] = "Prefix", ["prefix"] = matchPrefix }),
            ["rewriteImage"] = new JsonObject { ["prefix"] = rewritePrefix },
        },
    };
}
