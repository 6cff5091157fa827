using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubectlKlutch.Upgrade;

/// <summary>One step of a <see cref="FieldPath"/>: a field of an object, or the entry of a list whose key has a value.</summary>
public abstract record PathSegment;

public sealed record FieldSegment(string Name) : PathSegment;

/// <summary>The entry of a list merged by key, as strategic merge keys containers by name.</summary>
public sealed record ListEntrySegment(string Key, string Value) : PathSegment;

/// <summary>
/// Where a value lives inside an object, as plain data: shown in the plan, read from the live
/// object and the patch response, and turned into the patch body that changes only it. One
/// description, so that the field the plan names is the field that is read, written and followed.
/// </summary>
public sealed record FieldPath(IReadOnlyList<PathSegment> Segments)
{
    public static FieldPath Of(params PathSegment[] segments) => new(segments);

    public static FieldPath Fields(string dotted) => new([.. dotted.Split('.').Select(n => (PathSegment)new FieldSegment(n))]);

    /// <summary>`spec.template.spec.containers[name=konnector].image`, as the plan shows it.</summary>
    public override string ToString() =>
        string.Concat(Segments.Select((s, i) => s switch
        {
            FieldSegment f => (i == 0 ? "" : ".") + f.Name,
            ListEntrySegment l => $"[{l.Key}={l.Value}]",
            _ => "",
        }));

    /// <summary>The value at this path in a JSON object, or null where any step is missing.</summary>
    public string? ValueIn(JsonElement element)
    {
        foreach (var segment in Segments)
        {
            switch (segment)
            {
                case FieldSegment f when element.ValueKind == JsonValueKind.Object && element.TryGetProperty(f.Name, out var child):
                    element = child;
                    break;
                case ListEntrySegment l when element.ValueKind == JsonValueKind.Array:
                    var found = element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object
                        && e.TryGetProperty(l.Key, out var k) && k.ValueKind == JsonValueKind.String && k.GetString() == l.Value).ToList();
                    if (found.Count == 0) return null;
                    element = found[0];
                    break;
                default:
                    return null;
            }
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    /// <summary>
    /// The object that sets only this field to <paramref name="value"/> (null removes it, as a
    /// merge patch does): a list entry is written as a one-entry list carrying its key, which a
    /// strategic merge patch merges into the live list instead of replacing it.
    /// </summary>
    public JsonObject PatchBody(string? value)
    {
        JsonNode? node = value is null ? null : JsonValue.Create(value);
        for (var i = Segments.Count - 1; i >= 0; i--)
        {
            node = Segments[i] switch
            {
                FieldSegment f => new JsonObject { [f.Name] = node },
                ListEntrySegment l when node is JsonObject entry => AddKey(entry, l),
                _ => throw new InvalidOperationException($"{this}: a list entry must hold fields"),
            };
            if (Segments[i] is ListEntrySegment && i > 0 && Segments[i - 1] is FieldSegment)
            {
                // The entry becomes the only element of its list: the field above holds the array.
                node = new JsonArray(node);
            }
        }
        return (JsonObject)node!;

        static JsonObject AddKey(JsonObject entry, ListEntrySegment l)
        {
            var keyed = new JsonObject { [l.Key] = l.Value };
            foreach (var (name, child) in entry.ToList())
            {
                entry.Remove(name);
                keyed[name] = child;
            }
            return keyed;
        }
    }
}
