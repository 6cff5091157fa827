using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>RFC 6902 JSON patch (add, remove, replace, move, copy, test) over JSON pointers (RFC 6901).</summary>
internal static class JsonPatch
{
    /// <summary>Applies the operations in order to a copy; a failing operation throws a PatchException.</summary>
    public static JsonObject Apply(JsonObject target, JsonArray operations)
    {
        JsonNode doc = target.DeepClone();
        foreach (var op in operations.OfType<JsonObject>())
        {
            var path = op.Str("path") ?? throw new PatchException("missing path in JSON patch operation");
            switch (op.Str("op"))
            {
                case "add":
                    doc = Add(doc, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(doc, path);
                    break;
                case "replace":
                    Remove(doc, path);
                    doc = Add(doc, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = op.Str("from") ?? throw new PatchException("missing from in move operation");
                        var value = Get(doc, from)?.DeepClone();
                        Remove(doc, from);
                        doc = Add(doc, path, value);
                        break;
                    }
                case "copy":
                    {
                        var from = op.Str("from") ?? throw new PatchException("missing from in copy operation");
                        doc = Add(doc, path, Get(doc, from)?.DeepClone());
                        break;
                    }
                case "test":
                    if (!JsonNode.DeepEquals(Get(doc, path), op["value"]))
                    {
                        throw new PatchException($"testing value {path} failed: test failed");
                    }
                    break;
                default:
                    throw new PatchException($"Unexpected kind: {op.Str("op")}");
            }
        }
        return doc as JsonObject ?? throw new PatchException("patch must leave an object");
    }

    private static string[] Split(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }
        if (pointer[0] != '/')
        {
            throw new PatchException($"invalid JSON pointer {pointer}");
        }
        return pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal)
            .Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    private static JsonNode? Get(JsonNode doc, string pointer)
    {
        JsonNode? node = doc;
        foreach (var part in Split(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(part, out var child) => child,
                JsonArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new PatchException($"doc is missing path: {pointer}: missing value"),
            };
        }
        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode doc, string pointer)
    {
        var parts = Split(pointer);
        if (parts.Length == 0)
        {
            throw new PatchException("cannot operate on the whole document");
        }
        var parentPointer = "/" + string.Join('/', parts[..^1].Select(p => p.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        var parent = parts.Length == 1 ? doc : Get(doc, parentPointer);
        return (parent ?? throw new PatchException($"doc is missing path: {pointer}: missing value"), parts[^1]);
    }

    private static JsonNode Add(JsonNode doc, string pointer, JsonNode? value)
    {
        if (pointer.Length == 0)
        {
            return value ?? throw new PatchException("cannot replace the document with null");
        }
        var (parent, last) = Parent(doc, pointer);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new PatchException($"add operation does not apply: doc is missing path: \"{pointer}\": missing value");
        }
        return doc;
    }

    private static void Remove(JsonNode doc, string pointer)
    {
        var (parent, last) = Parent(doc, pointer);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw new PatchException($"remove operation does not apply: doc is missing path: \"{pointer}\": missing value");
        }
    }
}

/// <summary>A patch that cannot be applied; the API server answers these with 422 (JSON patch) or 400.</summary>
internal sealed class PatchException(string message) : Exception(message);
