using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// klutch-bind's own objects (klutch-components.md, "Bindings"): ClusterBindings and
/// AppClusterBindings on a control plane, APIServiceBindings on an app cluster, and the konnector
/// Deployments the backend runs itself in control-plane mode. Conditions in cluster-api's shape.
/// </summary>
internal static class BindingSeeds
{
    public const string Group = "klutch.anynines.com";
    public const string ApiVersion = Group + "/v1alpha1";
    public const string AppClusterBindingNameLabel = "klutch.anynines.com/appclusterbinding-name";
    public const string AppClusterBindingNamespaceLabel = "klutch.anynines.com/appclusterbinding-namespace";

    /// <summary>
    /// Test cluster only: how the remote konnector of a ClusterBinding without a local konnector
    /// behaves (`heartbeating`, the default, or `silent`), so a sandbox stays as seeded.
    /// </summary>
    public const string RemoteKonnectorAnnotation = "testcluster.klutch.anynines.com/remote-konnector";

    public static string KonnectorNamespace(string bindingNamespace, string binding) => $"klutch-bind-{bindingNamespace}-{binding}";

    public static string KonnectorName(string binding) => "konnector-" + binding;

    public static JsonObject Condition(string type, bool status, string reason, string message, DateTimeOffset at)
    {
        var c = new JsonObject
        {
            ["type"] = type,
            ["status"] = status ? "True" : "False",
            ["lastTransitionTime"] = Json.Time(at),
        };
        if (!status)
        {
            c["severity"] = "Error";
            c["reason"] = reason;
            c["message"] = message;
        }
        return c;
    }

    /// <summary>Sets a cluster-api condition; lastTransitionTime moves only when the status changes.</summary>
    public static void Set(JsonObject obj, string type, bool status, string reason, string message, DateTimeOffset now)
    {
        var conditions = obj.Obj("status").Arr("conditions");
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type);
        var at = existing != null && existing.Str("status") == (status ? "True" : "False") ? Json.ParseTime(existing.Str("lastTransitionTime")) ?? now : now;
        var next = Condition(type, status, reason, message, at);
        if (existing != null)
        {
            conditions[conditions.IndexOf(existing)] = next;
        }
        else
        {
            conditions.Add(next);
        }
    }

    public static JsonObject ClusterBinding(string ns, string provider, string? konnectorVersion, DateTimeOffset? lastHeartbeat,
        string interval, DateTimeOffset created, string? remote = null)
    {
        var meta = new JsonObject { ["name"] = "cluster", ["namespace"] = ns, ["creationTimestamp"] = Json.Time(created) };
        if (remote != null)
        {
            meta["annotations"] = new JsonObject { [RemoteKonnectorAnnotation] = remote };
        }
        var status = new JsonObject { ["heartbeatInterval"] = interval };
        if (konnectorVersion != null)
        {
            status["konnectorVersion"] = konnectorVersion;
        }
        if (lastHeartbeat is { } beat)
        {
            status["lastHeartbeatTime"] = Json.Time(beat);
        }
        // Seeded as the backend's heartbeat rule left it: silent for more than twice the interval is a timeout.
        var timedOut = lastHeartbeat is { } last && created.AddHours(3) - last > TimeSpan.FromMinutes(10);
        var since = timedOut ? lastHeartbeat!.Value.AddMinutes(10) : created;
        var message = timedOut ? $"heartbeat timed out, last heartbeat at {Json.Time(lastHeartbeat!.Value)}" : "";
        status["conditions"] = new JsonArray(
            Condition("SecretValid", true, "", "", created),
            Condition("ValidVersion", true, "", "", created),
            Condition("Healthy", !timedOut, "HeartbeatTimeout", message, since),
            Condition("Ready", !timedOut, "HeartbeatTimeout", message, since));
        return new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = "ClusterBinding",
            ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["providerPrettyName"] = provider,
                ["kubeconfigSecretRef"] = new JsonObject { ["name"] = "kubeconfig", ["key"] = "kubeconfig" },
            },
            ["status"] = status,
        };
    }

    public static JsonObject AppClusterBinding(string ns, string name, string? overrideImage, DateTimeOffset created)
    {
        var konnector = new JsonObject { ["deploy"] = true };
        if (overrideImage != null)
        {
            konnector["overrides"] = new JsonObject { ["image"] = overrideImage };
        }
        return new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = "AppClusterBinding",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = Json.Time(created), ["generation"] = 1 },
            ["spec"] = new JsonObject
            {
                ["kubeconfigSecretRef"] = new JsonObject { ["name"] = name + "-kubeconfig", ["namespace"] = ns, ["key"] = "kubeconfig" },
                ["apiExports"] = new JsonArray(new JsonObject { ["group"] = "anynines.com", ["resource"] = "postgresqlinstances" }),
                ["konnector"] = konnector,
            },
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(
                    Condition("SecretValid", true, "", "", created),
                    Condition("KonnectorDeployed", true, "", "", created),
                    Condition("Ready", true, "", "", created)),
            },
        };
    }

    /// <summary>An APIServiceBinding on the app cluster (namespaced in the line after 1.5.0).</summary>
    public static JsonObject ApiServiceBinding(string name, string? ns, string provider, DateTimeOffset created)
    {
        var meta = new JsonObject { ["name"] = name, ["creationTimestamp"] = Json.Time(created), ["generation"] = 1 };
        if (ns != null)
        {
            meta["namespace"] = ns;
        }
        return new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = "APIServiceBinding",
            ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["kubeconfigSecretRef"] = new JsonObject { ["name"] = "kubeconfig-" + provider, ["namespace"] = "klutch-bind", ["key"] = "kubeconfig" },
            },
            ["status"] = new JsonObject
            {
                ["providerPrettyName"] = provider,
                ["conditions"] = new JsonArray(
                    Condition("SecretValid", true, "", "", created),
                    Condition("InformersSynced", true, "", "", created),
                    Condition("Heartbeating", true, "", "", created),
                    Condition("Connected", true, "", "", created),
                    Condition("SchemaInSync", true, "", "", created),
                    Condition("Ready", true, "", "", created)),
            },
        };
    }

    /// <summary>The pod spec the backend builds for a binding's konnector (bind/contrib/example-backend).</summary>
    public static JsonObject KonnectorPodSpec(string bindingNamespace, string binding, string image) => new()
    {
        ["serviceAccountName"] = "klutch-binder",
        ["containers"] = new JsonArray(new JsonObject
        {
            ["name"] = "konnector",
            ["image"] = image,
            ["args"] = new JsonArray(
                "--control-plane-mode",
                "--app-cluster-kubeconfig-secret-name=" + binding + "-kubeconfig",
                "--app-cluster-kubeconfig-secret-namespace=" + bindingNamespace,
                "--app-cluster-kubeconfig-secret-key=kubeconfig"),
        }),
    };

    public static JsonObject KonnectorLabels(string bindingNamespace, string binding) => new()
    {
        ["app"] = "konnector",
        [AppClusterBindingNameLabel] = binding,
        [AppClusterBindingNamespaceLabel] = bindingNamespace,
    };
}
