using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KubectlKlutch.TestCluster;

/// <summary>Defaulting and validation applied to writes, for the fields the Klutch kinds rely on.</summary>
internal static partial class Admission
{
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    /// <summary>Fills the defaults the API server would, so controllers and tables see complete objects.</summary>
    public static void Default(ResourceType type, JsonObject obj)
    {
        if (!type.Custom && obj["spec"] is JsonObject specNode)
        {
            // Built-in kinds are decoded into Go structs, where a JSON null is simply an unset field
            // (kubectl rollout undo sends "creationTimestamp": null in the template); keeping the nulls
            // would make an identical template hash differently.
            PruneNulls(specNode);
        }
        switch (type.StorageKey)
        {
            case "apps/deployments":
                {
                    var spec = obj.Obj("spec");
                    spec["replicas"] ??= 1;
                    spec["revisionHistoryLimit"] ??= 10;
                    spec["progressDeadlineSeconds"] ??= 600;
                    var strategy = spec.Obj("strategy");
                    strategy["type"] ??= "RollingUpdate";
                    if (strategy.Str("type") == "RollingUpdate")
                    {
                        var ru = strategy.Obj("rollingUpdate");
                        ru["maxUnavailable"] ??= "25%";
                        ru["maxSurge"] ??= "25%";
                    }
                    var podSpec = spec.Obj("template").Obj("spec");
                    podSpec["restartPolicy"] ??= "Always";
                    podSpec["dnsPolicy"] ??= "ClusterFirst";
                    podSpec["schedulerName"] ??= "default-scheduler";
                    podSpec["terminationGracePeriodSeconds"] ??= 30;
                    podSpec["securityContext"] ??= new JsonObject();
                    foreach (var c in (podSpec["containers"] as JsonArray)?.OfType<JsonObject>() ?? [])
                    {
                        c["imagePullPolicy"] ??= c.Str("image")?.EndsWith(":latest", StringComparison.Ordinal) == true ? "Always" : "IfNotPresent";
                        c["terminationMessagePath"] ??= "/dev/termination-log";
                        c["terminationMessagePolicy"] ??= "File";
                        c["resources"] ??= new JsonObject();
                    }
                    break;
                }
            case "/namespaces":
                obj.Obj("spec")["finalizers"] ??= new JsonArray("kubernetes");
                obj.Obj("status")["phase"] ??= "Active";
                obj.Obj("metadata").Obj("labels")["kubernetes.io/metadata.name"] = obj.Name();
                break;
        }
    }

    private static void PruneNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
                {
                    o.Remove(key);
                }
                foreach (var (_, v) in o)
                {
                    PruneNulls(v);
                }
                break;
            case JsonArray a:
                foreach (var v in a)
                {
                    PruneNulls(v);
                }
                break;
        }
    }

    /// <summary>Throws 422 Invalid for what the API server would reject.</summary>
    public static void Validate(ResourceType type, JsonObject obj)
    {
        var name = obj.Name();
        if (name.Length == 0)
        {
            throw ApiError.Invalid(type, name, "metadata.name", "Required value: name or generateName is required");
        }
        if (name.Length > 253 || !Subdomain().IsMatch(name))
        {
            throw ApiError.Invalid(type, name, "metadata.name",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
        if (type.StorageKey != "apps/deployments")
        {
            return;
        }
        var containers = obj.At("spec.template.spec.containers") as JsonArray;
        if (containers is null || containers.Count == 0)
        {
            throw ApiError.Invalid(type, name, "spec.template.spec.containers", "Required value");
        }
        for (var i = 0; i < containers.Count; i++)
        {
            if (string.IsNullOrEmpty(containers[i].Str("name")))
            {
                throw ApiError.Invalid(type, name, $"spec.template.spec.containers[{i}].name", "Required value");
            }
            if (string.IsNullOrEmpty(containers[i].Str("image")))
            {
                throw ApiError.Invalid(type, name, $"spec.template.spec.containers[{i}].image", "Required value");
            }
        }
        if (obj.Long("spec.replicas") is < 0 and var replicas)
        {
            throw ApiError.Invalid(type, name, "spec.replicas",
                $"Invalid value: {replicas}: must be greater than or equal to 0");
        }
        var selector = obj.At("spec.selector.matchLabels") as JsonObject;
        var labels = obj.At("spec.template.metadata.labels") as JsonObject;
        if (selector == null || selector.Count == 0)
        {
            throw ApiError.Invalid(type, name, "spec.selector", "Required value");
        }
        if (selector.Any(kv => labels?[kv.Key]?.ToString() != kv.Value?.ToString()))
        {
            throw ApiError.Invalid(type, name, "spec.template.metadata.labels",
                $"Invalid value: {labels?.ToJsonString() ?? "null"}: `selector` does not match template `labels`");
        }
    }
}
