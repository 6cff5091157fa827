using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>Builders for Crossplane package revisions, shared by the seeder and the package controller.</summary>
internal static class Packages
{
    public const string PackageLabel = "pkg.crossplane.io/package";

    public static string RevisionKind(string packageKind) => packageKind + "Revision";

    public static JsonObject NewRevision(JsonObject package, string packageRef, long revision, DateTimeOffset created)
    {
        var kind = package.Str("kind")!;
        var spec = new JsonObject
        {
            ["desiredState"] = "Active",
            ["image"] = packageRef,
            ["revision"] = revision,
            ["packagePullPolicy"] = package.Str("spec.packagePullPolicy") ?? "IfNotPresent",
            ["ignoreCrossplaneConstraints"] = false,
            ["skipDependencyResolution"] = false,
        };
        if (package["spec"] is JsonObject ps && ps["runtimeConfigRef"] is { } rc)
        {
            spec["runtimeConfigRef"] = rc.DeepClone();
        }
        return new JsonObject
        {
            ["apiVersion"] = package.Str("apiVersion"),
            ["kind"] = RevisionKind(kind),
            ["metadata"] = new JsonObject
            {
                ["name"] = Names.RevisionName(package.Name(), packageRef),
                ["creationTimestamp"] = Json.Time(created),
                ["generation"] = 1,
                ["labels"] = new JsonObject { [PackageLabel] = package.Name() },
                ["ownerReferences"] = new JsonArray(Workloads.OwnerRef(package)),
            },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["foundDependencies"] = 0,
                ["installedDependencies"] = 0,
                ["invalidDependencies"] = 0,
                ["resolvedImage"] = packageRef,
            },
        };
    }
}
