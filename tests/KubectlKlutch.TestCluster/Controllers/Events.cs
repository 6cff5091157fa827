using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>Writes core/v1 Events the way controllers and the kubelet do (events of cluster-scoped objects go to "default").</summary>
internal static class Events
{
    public static void Record(ClusterState state, JsonObject involved, string type, string reason, string message,
        string component, string? fieldPath = null)
    {
        var now = Json.Time(state.Clock());
        var ns = involved.Namespace() ?? "default";
        var involvedObject = new JsonObject
        {
            ["kind"] = involved.Str("kind"),
            ["namespace"] = involved.Namespace(),
            ["name"] = involved.Name(),
            ["uid"] = involved.Str("metadata.uid"),
            ["apiVersion"] = involved.Str("apiVersion"),
            ["resourceVersion"] = involved.Str("metadata.resourceVersion"),
        };
        if (fieldPath != null)
        {
            involvedObject["fieldPath"] = fieldPath;
        }
        state.Put(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{involved.Name()}.{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}",
                ["namespace"] = ns,
                ["creationTimestamp"] = now,
            },
            ["involvedObject"] = involvedObject,
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = component },
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
            ["type"] = type,
            ["eventTime"] = null,
            ["reportingComponent"] = component,
            ["reportingInstance"] = "",
        });
    }
}
