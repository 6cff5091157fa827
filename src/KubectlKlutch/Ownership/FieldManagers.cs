using System.Text.Json;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Ownership;

/// <summary>One managedFields entry that holds a field: who, by which operation, and the entry's time (one per entry, not per field).</summary>
public sealed record FieldManagerEntry(string Manager, string Operation, DateTimeOffset? Time);

/// <summary>Reads metadata.managedFields: which manager's fieldsV1 holds a path.</summary>
public static class FieldManagers
{
    /// <summary>
    /// The plugin's own field manager, sent on every write. Not "kubectl" nor "kubectl-…":
    /// Flux's kustomize-controller deletes managedFields entries named after kubectl (ownership.md),
    /// and a name of our own tells others who changed the field.
    /// </summary>
    public const string Plugin = "klutch-plugin";

    /// <summary>The fieldsV1 keys of a path: `f:spec`, `k:{"name":"konnector"}`.</summary>
    public static IReadOnlyList<string> Keys(FieldPath path) =>
        [.. path.Segments.Select(s => s switch
        {
            FieldSegment f => "f:" + f.Name,
            ListEntrySegment l => "k:{" + Quoted(l.Key) + ":" + Quoted(l.Value) + "}",
            _ => "",
        })];

    private static string Quoted(string s) => "\"" + JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    /// <summary>The entry whose fieldsV1 holds the path, or null (no managedFields, or no one owns it).</summary>
    public static FieldManagerEntry? OwnerOf(JsonElement obj, FieldPath path)
    {
        if (!obj.TryGetProperty("metadata", out var meta) || !meta.TryGetProperty("managedFields", out var entries) || entries.ValueKind != JsonValueKind.Array)
            return null;
        var keys = Keys(path);
        foreach (var entry in entries.EnumerateArray())
        {
            if (!entry.TryGetProperty("fieldsV1", out var at)) continue;
            var found = true;
            foreach (var key in keys)
                if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(key, out at)) { found = false; break; }
            if (!found) continue;
            DateTimeOffset? time = entry.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(t.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            return new(entry.TryGetProperty("manager", out var m) ? m.GetString() ?? "" : "", entry.TryGetProperty("operation", out var op) ? op.GetString() ?? "" : "", time);
        }
        return null;
    }
}
