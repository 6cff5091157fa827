using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Strategic merge patch for the built-in kinds, the patch kubectl sends for `set image`, `scale`,
/// `rollout restart` and `patch` without --type. Lists whose Go field carries a patchMergeKey are
/// merged item by item on that key; other lists are replaced. Directives handled: `$patch`
/// (replace, delete, merge) in maps and list items, `$setElementOrder/FIELD` (reorders the merged
/// list), `$deleteFromPrimitiveList/FIELD`, and `$retainKeys` (drops keys not listed).
/// </summary>
internal static class StrategicMergePatch
{
    /// <summary>patchMergeKey of list fields in core/apps types, by field name (the names do not clash in these kinds).</summary>
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["ports"] = "containerPort",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["imagePullSecrets"] = "name",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["tolerations"] = "key",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["resourceClaims"] = "name",
    };

    /// <summary>Primitive lists that merge as sets (patchStrategy merge without a key).</summary>
    private static readonly HashSet<string> SetLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonObject Apply(JsonObject target, JsonObject patch) =>
        (JsonObject)MergeMap((JsonObject)target.DeepClone(), patch);

    private static JsonNode MergeMap(JsonObject target, JsonObject patch)
    {
        if (patch["$patch"]?.GetValue<string>() == "replace")
        {
            var replaced = (JsonObject)patch.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }
        if (patch["$patch"]?.GetValue<string>() == "delete")
        {
            return new JsonObject();
        }
        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k!.GetValue<string>()).ToHashSet();
            foreach (var key in target.Select(kv => kv.Key).Where(k => !keep.Contains(k)).ToList())
            {
                target.Remove(key);
            }
        }
        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (target[field] is JsonArray list && value is JsonArray remove)
                {
                    foreach (var item in list.Where(i => remove.Any(r => JsonNode.DeepEquals(r, i))).ToList())
                    {
                        list.Remove(item);
                    }
                }
                continue;
            }
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject vo && target[key] is JsonObject to)
            {
                target[key] = MergeMap((JsonObject)to.DeepClone(), vo);
            }
            else if (value is JsonArray va && target[key] is JsonArray ta && MergeKeys.TryGetValue(key, out var mergeKey))
            {
                target[key] = MergeList(ta, va, mergeKey, patch[$"$setElementOrder/{key}"] as JsonArray);
            }
            else if (value is JsonArray vs && target[key] is JsonArray ts && SetLists.Contains(key))
            {
                var merged = (JsonArray)ts.DeepClone();
                foreach (var item in vs.Where(v => !ts.Any(t => JsonNode.DeepEquals(t, v))))
                {
                    merged.Add(item?.DeepClone());
                }
                target[key] = merged;
            }
            else
            {
                target[key] = Strip(value.DeepClone());
            }
        }
        return target;
    }

    private static JsonArray MergeList(JsonArray target, JsonArray patch, string mergeKey, JsonArray? order)
    {
        if (patch.OfType<JsonObject>().Any(p => p["$patch"]?.GetValue<string>() == "replace"))
        {
            return new JsonArray(patch.OfType<JsonObject>().Where(p => p["$patch"] == null)
                .Select(p => Strip(p.DeepClone())).ToArray());
        }
        var result = target.Select(t => t?.DeepClone()).ToList();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var key = item[mergeKey];
            var index = result.FindIndex(r => r is JsonObject ro && JsonNode.DeepEquals(ro[mergeKey], key));
            if (item["$patch"]?.GetValue<string>() == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
                continue;
            }
            if (index >= 0)
            {
                result[index] = MergeMap((JsonObject)result[index]!, item);
            }
            else
            {
                result.Add(Strip(item.DeepClone()));
            }
        }
        if (order != null)
        {
            // Items named in $setElementOrder come first in that order; the rest keep their place after them.
            var ordered = new List<JsonNode?>();
            foreach (var o in order.OfType<JsonObject>())
            {
                var i = result.FindIndex(r => r is JsonObject ro && JsonNode.DeepEquals(ro[mergeKey], o[mergeKey]));
                if (i >= 0)
                {
                    ordered.Add(result[i]);
                    result.RemoveAt(i);
                }
            }
            ordered.AddRange(result);
            result = ordered;
        }
        return new JsonArray(result.ToArray());
    }

    /// <summary>Removes directive keys from values that are inserted whole.</summary>
    private static JsonNode? Strip(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (var key in o.Select(kv => kv.Key).Where(k => k.StartsWith('$')).ToList())
            {
                o.Remove(key);
            }
            foreach (var (_, v) in o.ToList())
            {
                Strip(v);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var v in a)
            {
                Strip(v);
            }
        }
        return node;
    }
}
