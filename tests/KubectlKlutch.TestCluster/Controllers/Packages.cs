using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>Builders for Crossplane package revisions, shared by the seeder and the package controller.</summary>
internal static class Packages
{
    public const string PackageLabel = "pkg.crossplane.io/package";

    public const string RevisionLabel = "pkg.crossplane.io/revision";
    public const string RuntimeNamespace = "crossplane-system";

    public static string RevisionKind(string packageKind) => packageKind + "Revision";

    /// <summary>Providers and functions run a controller; configurations do not.</summary>
    public static bool HasRuntime(string packageKind) => packageKind is "Provider" or "Function";

    /// <summary>The label Crossplane puts on a runtime next to the revision label: pkg.crossplane.io/provider or /function.</summary>
    public static string KindLabel(string packageKind) => "pkg.crossplane.io/" + packageKind.ToLowerInvariant();

    /// <summary>The labels of a revision's runtime Deployment, its selector and its pods.</summary>
    public static JsonObject RuntimeLabels(string packageKind, string packageName, string revisionName) => new()
    {
        [RevisionLabel] = revisionName,
        [KindLabel(packageKind)] = packageName,
    };

    /// <summary>The runtime's pod spec: the package image runs as the controller.</summary>
    public static JsonObject RuntimePodSpec(string image) => new()
    {
        ["serviceAccountName"] = "default",
        ["containers"] = new JsonArray(new JsonObject
        {
            ["name"] = "package-runtime",
            ["image"] = image,
            ["args"] = new JsonArray("--debug=false"),
        }),
    };

    /// <summary>A runtime Deployment as Crossplane creates it for a newly active revision (named after it, owned by it).</summary>
    public static JsonObject NewRuntime(JsonObject revision, string packageKind, string packageName, string image, DateTimeOffset created)
    {
        var labels = RuntimeLabels(packageKind, packageName, revision.Name());
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = revision.Name(),
                ["namespace"] = RuntimeNamespace,
                ["creationTimestamp"] = Json.Time(created),
                ["generation"] = 1,
                ["labels"] = labels.DeepClone(),
                ["ownerReferences"] = new JsonArray(Workloads.OwnerRef(revision)),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() },
                    ["spec"] = RuntimePodSpec(image),
                },
            },
        };
    }

    /// <summary>Available as Crossplane reads it: the Deployment's Available condition.</summary>
    public static bool IsAvailable(JsonObject? deployment) =>
        deployment?.Condition("Available")?.Str("status") == "True"
        && (deployment.Long("status.availableReplicas") ?? 0) >= (deployment.Long("spec.replicas") ?? 1);

    /// <summary>What a revision says while its runtime is not available, per vocabulary.</summary>
    public static string RuntimeUnavailable(string packageKind, bool v2) => v2
        ? "Deployment does not have minimum availability."
        : $"post establish runtime hook failed for package: {packageKind.ToLowerInvariant()} package deployment is unavailable with message: Deployment does not have minimum availability.";

    /// <summary>
    /// Sets a revision's health the way its Crossplane version words it: v1 one Healthy
    /// condition (False while the runtime is unavailable), v2 RevisionHealthy and, for kinds with a
    /// runtime, RuntimeHealthy, each with observedGeneration. Null runtime: the kind has none.
    /// </summary>
    public static void SetRevisionHealth(JsonObject revision, string packageKind, bool v2, bool? runtimeAvailable, DateTimeOffset now)
    {
        var generation = revision.Long("metadata.generation") ?? 1;
        if (!v2)
        {
            if (runtimeAvailable == false)
            {
                revision.SetCondition("Healthy", "False", "UnhealthyPackageRevision", RuntimeUnavailable(packageKind, false), now);
            }
            else
            {
                revision.SetCondition("Healthy", "True", "HealthyPackageRevision", "", now);
            }
            return;
        }
        revision.SetCondition("RevisionHealthy", "True", "HealthyPackageRevision", "", now, observedGeneration: generation);
        if (runtimeAvailable is { } available)
        {
            revision.SetCondition("RuntimeHealthy", available ? "True" : "False", available ? "HealthyRuntime" : "UnhealthyRuntime",
                available ? "" : RuntimeUnavailable(packageKind, true), now, observedGeneration: generation);
        }
    }

    /// <summary>The package's Healthy, derived from its active revision: (status, reason, message).</summary>
    public static (string Status, string Reason, string Message) DerivedHealth(JsonObject revision, bool v2)
    {
        var types = v2 ? new[] { "RevisionHealthy", "RuntimeHealthy" } : ["Healthy"];
        var conditions = types.Select(t => revision.Condition(t)).OfType<JsonObject>().ToList();
        if (conditions.Count == 0 || conditions.Any(c => c.Str("status") == "Unknown"))
        {
            return ("Unknown", "UnknownPackageRevisionHealth", "");
        }
        if (conditions.FirstOrDefault(c => c.Str("status") == "False") is { } failed)
        {
            return ("False", "UnhealthyPackageRevision", $"Package revision health is \"False\" with message: {failed.Str("message")}");
        }
        return ("True", "HealthyPackageRevision", "");
    }

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
