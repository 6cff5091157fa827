using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>Who writes: the field manager and the operation, as kube-apiserver records them in metadata.managedFields.</summary>
public sealed record FieldWriter(string Manager, string Operation, string? Subresource = null)
{
    public const string Update = "Update";
    public const string Apply = "Apply";

    /// <summary>
    /// The manager as kube-apiserver picks it: the fieldManager parameter, else the User-Agent up
    /// to its first '/' (so "kubectl/v1.33.0 (linux/amd64)" is "kubectl"), else "unknown".
    /// </summary>
    public static string ManagerOf(string? fieldManager, string? userAgent)
    {
        if (!string.IsNullOrEmpty(fieldManager))
        {
            return fieldManager;
        }
        var product = (userAgent ?? "").Split('/')[0].Trim();
        return product.Length == 0 ? "unknown" : product[..Math.Min(product.Length, 128)];
    }
}

/// <summary>
/// metadata.managedFields as kube-apiserver keeps them, approximated: every leaf field belongs to
/// the manager that last set it. An Update moves the fields whose value it changed to its
/// manager; an Apply makes the applier own exactly what it applied (forced, so it takes fields
/// from others, which is what Argo CD, Flux and Helm 4 do). fieldsV1 is the real FieldsV1 shape:
/// `f:` for a field, `k:{"name":"..."}` for a list entry keyed by its merge key (with the `.`
/// marker and the key field, as the API server writes them). Entries that own nothing are dropped.
/// </summary>
public static class ManagedFields
{
    private const char Sep = '\u0001';

    // Set by the server itself, never owned by a manager.
    private static readonly HashSet<string> ServerMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp"];

    /// <summary>Sets <paramref name="updated"/>'s managedFields for one write by <paramref name="writer"/>; <paramref name="applied"/> is the applied configuration of an Apply.</summary>
    public static void Record(JsonObject? old, JsonObject updated, FieldWriter writer, DateTimeOffset time, JsonObject? applied = null)
    {
        var entries = Entries(old);
        var before = Leaves(old, writer.Subresource);
        var after = Leaves(updated, writer.Subresource);
        HashSet<string> claimed = writer.Operation == FieldWriter.Apply && applied != null
            ? [.. Leaves(applied, writer.Subresource).Keys]
            : [.. after.Where(kv => !before.TryGetValue(kv.Key, out var v) || v != kv.Value).Select(kv => kv.Key)];
        foreach (var e in entries)
        {
            // Fields that are gone belong to no one; fields this write set move to its manager.
            e.Fields.RemoveWhere(f => !after.ContainsKey(f) || claimed.Contains(f));
        }
        var mine = entries.FirstOrDefault(e => e.Manager == writer.Manager && e.Operation == writer.Operation && e.Subresource == writer.Subresource);
        if (mine == null)
        {
            mine = new Entry(writer.Manager, writer.Operation, writer.Subresource, updated.Str("apiVersion") ?? "", Json.Time(time), []);
            entries.Add(mine);
        }
        var owned = claimed.Where(after.ContainsKey).ToHashSet(StringComparer.Ordinal);
        var valuesChanged = owned.Any(f => !before.TryGetValue(f, out var v) || v != after[f]);
        if (writer.Operation == FieldWriter.Apply)
        {
            // A no-op apply leaves the entry (and its time) as it was, as the API server does.
            valuesChanged |= !mine.Fields.SetEquals(owned);
            mine.Fields.Clear();
        }
        if (valuesChanged)
        {
            mine.Time = Json.Time(time);
        }
        mine.Fields.UnionWith(owned);
        updated.Meta()["managedFields"] = new JsonArray([.. entries.Where(e => e.Fields.Count > 0).Select(e => (JsonNode)e.ToJson())]);
    }

    /// <summary>Makes one manager own every field of the object: as if it had created it (seeding).</summary>
    public static void Claim(JsonObject obj, string manager, string operation, DateTimeOffset time)
    {
        obj.Meta().Remove("managedFields");
        Record(null, obj, new FieldWriter(manager, operation), time, operation == FieldWriter.Apply ? obj : null);
    }

    /// <summary>The manager whose fieldsV1 holds the path (segments as in fieldsV1: "f:spec", "k:{\"name\":\"x\"}"), or null.</summary>
    public static JsonObject? OwnerOf(JsonObject obj, params string[] path)
    {
        var key = string.Join(Sep, path);
        return (obj.At("metadata.managedFields") as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(e => Parse(e["fieldsV1"] as JsonObject).Contains(key));
    }

    private sealed class Entry(string manager, string operation, string? subresource, string apiVersion, string time, HashSet<string> fields)
    {
        public string Manager { get; } = manager;
        public string Operation { get; } = operation;
        public string? Subresource { get; } = subresource;
        public string Time { get; set; } = time;
        public HashSet<string> Fields { get; } = fields;

        public JsonObject ToJson()
        {
            var o = new JsonObject
            {
                ["manager"] = Manager,
                ["operation"] = Operation,
                ["apiVersion"] = apiVersion,
                ["time"] = Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = Tree(Fields),
            };
            if (Subresource != null)
            {
                o["subresource"] = Subresource;
            }
            return o;
        }
    }

    private static List<Entry> Entries(JsonObject? obj) =>
        (obj?.At("metadata.managedFields") as JsonArray)?.OfType<JsonObject>()
            .Select(e => new Entry(e.Str("manager") ?? "", e.Str("operation") ?? FieldWriter.Update, e.Str("subresource"),
                e.Str("apiVersion") ?? "", e.Str("time") ?? "", Parse(e["fieldsV1"] as JsonObject)))
            .ToList() ?? [];

    /// <summary>Every leaf field of the object with its value as JSON text; the main resource leaves status out, the status subresource owns only it.</summary>
    private static Dictionary<string, string> Leaves(JsonObject? obj, string? subresource)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj == null)
        {
            return leaves;
        }
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind" || (key == "status") != (subresource == "status"))
            {
                continue;
            }
            if (key == "metadata" && value is JsonObject meta)
            {
                foreach (var (mk, mv) in meta)
                {
                    if (!ServerMetadata.Contains(mk))
                    {
                        Walk(mv, "f:metadata" + Sep + "f:" + mk, leaves);
                    }
                }
                continue;
            }
            Walk(value, "f:" + key, leaves);
        }
        return leaves;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string> leaves)
    {
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                foreach (var (k, v) in o)
                {
                    Walk(v, path + Sep + "f:" + k, leaves);
                }
                break;
            case JsonArray a when a.Count > 0 && a.All(i => i is JsonObject io && io.Str("name") != null):
                // Lists of named objects merge by name (containers, env, volumes, ports): one entry per name.
                foreach (var item in a.OfType<JsonObject>())
                {
                    var entry = path + Sep + "k:{\"name\":" + JsonValue.Create(item.Str("name"))!.ToJsonString() + "}";
                    leaves[entry + Sep + "."] = "";
                    Walk(item, entry, leaves);
                }
                break;
            default:
                leaves[path] = node?.ToJsonString() ?? "null";
                break;
        }
    }

    private static JsonObject Tree(IEnumerable<string> fields)
    {
        var root = new JsonObject();
        foreach (var f in fields.Order(StringComparer.Ordinal))
        {
            var at = root;
            foreach (var segment in f.Split(Sep))
            {
                if (at[segment] is not JsonObject next)
                {
                    next = new JsonObject();
                    at[segment] = next;
                }
                at = next;
            }
        }
        return root;
    }

    private static HashSet<string> Parse(JsonObject? tree)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        void Visit(JsonObject node, string prefix)
        {
            foreach (var (k, v) in node)
            {
                var path = prefix.Length == 0 ? k : prefix + Sep + k;
                if (v is JsonObject child && child.Count > 0)
                {
                    Visit(child, path);
                }
                else
                {
                    set.Add(path);
                }
            }
        }
        if (tree != null)
        {
            Visit(tree, "");
        }
        return set;
    }
}
