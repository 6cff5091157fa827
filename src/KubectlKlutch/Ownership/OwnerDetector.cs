using System.Text.Json;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Ownership;

/// <summary>
/// Finds the owner of one field of a live object: the first row of <see cref="OwnerTable"/> whose
/// markers it carries, judged by the row's own object when that can be read (never required).
/// </summary>
public static class OwnerDetector
{
    public static Markers MarkersOf(JsonElement obj, FieldPath path) =>
        new(Map(obj, "labels"), Map(obj, "annotations"), FieldManagers.OwnerOf(obj, path));

    /// <summary>The owner, or null when no known tool marks the object.</summary>
    /// <param name="readUnit">Reads the unit's object by API path; null when it cannot be read.</param>
    public static async Task<FieldOwner?> DetectAsync(JsonElement obj, FieldPath path, Func<string, Task<JsonElement?>> readUnit)
    {
        var markers = MarkersOf(obj, path);
        if (OwnerTable.All.FirstOrDefault(k => k.Marks(markers)) is not { } kind) return null;
        var unitObject = kind.UnitObjectPath(markers) is { } p ? await readUnit(p) : null;
        var judgement = kind.Judge(markers, unitObject);
        return new FieldOwner(kind.Tool, kind.Unit(markers), markers.Field?.Manager, judgement.Reverts, judgement.Detail)
        {
            Class = judgement.Class,
            Instead = kind.Instead(markers),
        };
    }

    private static Dictionary<string, string> Map(JsonElement obj, string field)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj.TryGetProperty("metadata", out var meta) && meta.TryGetProperty(field, out var m) && m.ValueKind == JsonValueKind.Object)
            foreach (var p in m.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.String) map[p.Name] = p.Value.GetString()!;
        return map;
    }
}
