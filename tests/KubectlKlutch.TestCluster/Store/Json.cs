using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>Small helpers over System.Text.Json.Nodes: every object in the store is a JsonObject,
/// because the server stays generic over kinds (no typed models to keep in sync with Kubernetes).</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static JsonObject ParseObject(string text) =>
        JsonNode.Parse(text) as JsonObject ?? throw new JsonException("expected a JSON object");

    /// <summary>Walks a dotted path of object keys; null when any step is missing.</summary>
    public static JsonNode? At(this JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }
        return node;
    }

    public static string? Str(this JsonNode? node, string path) =>
        node.At(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? Long(this JsonNode? node, string path)
    {
        if (node.At(path) is not JsonValue v)
        {
            return null;
        }
        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }
        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }
        if (v.TryGetValue<double>(out var d))
        {
            return (long)d;
        }
        if (v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number)
        {
            return e.GetInt64();
        }
        return v.TryGetValue<string>(out var s) && long.TryParse(s, out var p) ? p : null;
    }

    /// <summary>Returns the child object, creating it when absent (for writers).</summary>
    public static JsonObject Obj(this JsonObject node, string key)
    {
        if (node[key] is JsonObject child)
        {
            return child;
        }
        child = new JsonObject();
        node[key] = child;
        return child;
    }

    public static JsonArray Arr(this JsonObject node, string key)
    {
        if (node[key] is JsonArray child)
        {
            return child;
        }
        child = new JsonArray();
        node[key] = child;
        return child;
    }

    public static JsonObject Meta(this JsonObject obj) => obj.Obj("metadata");

    public static string Name(this JsonObject obj) => obj.Str("metadata.name") ?? "";

    public static string? Namespace(this JsonObject obj) => obj.Str("metadata.namespace");

    public static JsonObject Copy(this JsonObject obj) => (JsonObject)obj.DeepClone();

    public static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(string? s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>Builds a JsonObject from key/value pairs; values go through JsonValue/JsonNode as given.</summary>
    public static JsonObject O(params (string Key, JsonNode? Value)[] props)
    {
        var o = new JsonObject();
        foreach (var (k, v) in props)
        {
            o[k] = v;
        }
        return o;
    }

    public static JsonArray A(params JsonNode?[] items) => new(items);

    /// <summary>Finds a condition of a given type in status.conditions.</summary>
    public static JsonObject? Condition(this JsonObject obj, string type) =>
        (obj.At("status.conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type);

    /// <summary>Sets a condition; lastTransitionTime moves only when the status changes, as in Kubernetes.</summary>
    public static void SetCondition(this JsonObject obj, string type, string status, string reason, string message,
        DateTimeOffset now, bool withUpdateTime = false, long? observedGeneration = null)
    {
        var conditions = obj.Obj("status").Arr("conditions");
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type);
        var transition = existing != null && existing.Str("status") == status
            ? existing.Str("lastTransitionTime") ?? Time(now)
            : Time(now);
        var updated = existing != null && existing.Str("status") == status && existing.Str("reason") == reason
                      && existing.Str("message") == message
            ? existing.Str("lastUpdateTime") ?? Time(now)
            : Time(now);
        var c = new JsonObject { ["type"] = type, ["status"] = status };
        if (withUpdateTime)
        {
            c["lastUpdateTime"] = updated;
        }
        c["lastTransitionTime"] = transition;
        c["reason"] = reason;
        if (message.Length > 0)
        {
            // Go's omitempty: Crossplane's conditions carry no message key when there is nothing to say.
            c["message"] = message;
        }
        if (observedGeneration is { } generation)
        {
            // Crossplane v2's conditions say which generation of the spec they judged.
            c["observedGeneration"] = generation;
        }
        if (existing != null)
        {
            conditions[conditions.IndexOf(existing)] = c;
        }
        else
        {
            conditions.Add(c);
        }
    }
}
