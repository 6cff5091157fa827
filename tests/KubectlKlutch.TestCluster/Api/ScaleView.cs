using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>The autoscaling/v1 Scale subresource of Deployments and ReplicaSets (`kubectl scale`).</summary>
internal static class ScaleView
{
    public static JsonObject From(JsonObject obj)
    {
        var labels = obj.At("spec.selector.matchLabels") as JsonObject;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = obj.Name(),
                ["namespace"] = obj.Namespace(),
                ["uid"] = obj.Str("metadata.uid"),
                ["resourceVersion"] = obj.Str("metadata.resourceVersion"),
                ["creationTimestamp"] = obj.Str("metadata.creationTimestamp"),
            },
            ["spec"] = new JsonObject { ["replicas"] = obj.Long("spec.replicas") ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = obj.Long("status.replicas") ?? 0,
                ["selector"] = labels == null ? "" : string.Join(',', labels.Select(kv => $"{kv.Key}={kv.Value}")),
            },
        };
    }

    /// <summary>The object with the Scale's spec.replicas written into it.</summary>
    public static JsonObject Apply(JsonObject obj, JsonObject scale)
    {
        var result = obj.Copy();
        result.Obj("spec")["replicas"] = scale.Long("spec.replicas") ?? 0;
        return result;
    }
}
