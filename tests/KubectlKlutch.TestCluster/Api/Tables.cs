using System.Globalization;
using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Server-side printing: `kubectl get` asks for a meta.k8s.io/v1 Table and prints its cells as they
/// come. The columns copy the API server's printers for the built-in kinds and the CRD's
/// additionalPrinterColumns for custom kinds, so the output looks like a real cluster's.
/// </summary>
internal static class Tables
{
    private sealed record Column(string Name, string Type, int Priority, Func<JsonObject, JsonNode?> Cell, string Format = "");

    public static JsonObject Build(ResourceType type, IEnumerable<JsonObject> objects, string resourceVersion,
        string includeObject, DateTimeOffset now)
    {
        var columns = ColumnsFor(type, now);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray(columns.Select(c => c.Cell(obj)).ToArray()) };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj.Copy();
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]?.DeepClone(),
                    };
                    break;
            }
            rows.Add(row);
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Name,
                ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = rows,
        };
    }

    private static Column NameColumn => new("Name", "string", 0, o => o.Name(), "name");

    private static Column AgeColumn(DateTimeOffset now) =>
        new("Age", "string", 0, o => Age(o.Str("metadata.creationTimestamp"), now));

    private static List<Column> ColumnsFor(ResourceType type, DateTimeOffset now)
    {
        var age = AgeColumn(now);
        switch (type.StorageKey)
        {
            case "apps/deployments":
                return
                [
                    NameColumn,
                    new("Ready", "string", 0, o => $"{o.Long("status.readyReplicas") ?? 0}/{o.Long("spec.replicas") ?? 1}"),
                    new("Up-to-date", "integer", 0, o => o.Long("status.updatedReplicas") ?? 0),
                    new("Available", "integer", 0, o => o.Long("status.availableReplicas") ?? 0),
                    age,
                    new("Containers", "string", 1, o => Containers(o, "spec.template.spec", "name")),
                    new("Images", "string", 1, o => Containers(o, "spec.template.spec", "image")),
                    new("Selector", "string", 1, o => Selector(o)),
                ];
            case "apps/replicasets":
                return
                [
                    NameColumn,
                    new("Desired", "integer", 0, o => o.Long("spec.replicas") ?? 1),
                    new("Current", "integer", 0, o => o.Long("status.replicas") ?? 0),
                    new("Ready", "integer", 0, o => o.Long("status.readyReplicas") ?? 0),
                    age,
                    new("Containers", "string", 1, o => Containers(o, "spec.template.spec", "name")),
                    new("Images", "string", 1, o => Containers(o, "spec.template.spec", "image")),
                    new("Selector", "string", 1, o => Selector(o)),
                ];
            case "/pods":
                return
                [
                    NameColumn,
                    new("Ready", "string", 0, o =>
                    {
                        var statuses = (o.At("status.containerStatuses") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
                        var total = (o.At("spec.containers") as JsonArray)?.Count ?? 0;
                        return $"{statuses.Count(s => s["ready"]?.GetValue<bool>() == true)}/{total}";
                    }),
                    new("Status", "string", 0, o => PodStatus(o)),
                    new("Restarts", "string", 0, o => ((o.At("status.containerStatuses") as JsonArray)?.OfType<JsonObject>()
                        .Sum(s => s.Long("restartCount") ?? 0) ?? 0).ToString(CultureInfo.InvariantCulture)),
                    age,
                    new("IP", "string", 1, o => o.Str("status.podIP") ?? "<none>"),
                    new("Node", "string", 1, o => o.Str("spec.nodeName") ?? "<none>"),
                    new("Nominated Node", "string", 1, _ => "<none>"),
                    new("Readiness Gates", "string", 1, _ => "<none>"),
                ];
            case "/namespaces":
                return [NameColumn, new("Status", "string", 0, o => o.Str("status.phase") ?? "Active"), age];
            case "/events":
                return
                [
                    new("Last Seen", "string", 0, o => Age(o.Str("lastTimestamp") ?? o.Str("eventTime") ?? o.Str("metadata.creationTimestamp"), now)),
                    new("Type", "string", 0, o => o.Str("type")),
                    new("Reason", "string", 0, o => o.Str("reason")),
                    new("Object", "string", 0, o => $"{o.Str("involvedObject.kind")?.ToLowerInvariant()}/{o.Str("involvedObject.name")}"),
                    new("Subobject", "string", 1, o => o.Str("involvedObject.fieldPath") ?? ""),
                    new("Source", "string", 1, o => o.Str("source.component") ?? ""),
                    new("Message", "string", 0, o => o.Str("message")),
                    new("First Seen", "string", 1, o => Age(o.Str("firstTimestamp"), now)),
                    new("Count", "string", 1, o => (o.Long("count") ?? 1).ToString(CultureInfo.InvariantCulture)),
                    new("Name", "string", 1, o => o.Name(), "name"),
                ];
            case "apiextensions.k8s.io/customresourcedefinitions":
                return [NameColumn, new("Created At", "date", 0, o => o.Str("metadata.creationTimestamp"))];
            case "/serviceaccounts":
                return [NameColumn, new("Secrets", "integer", 0, o => (o["secrets"] as JsonArray)?.Count ?? 0), age];
            case "/configmaps":
                return [NameColumn, new("Data", "integer", 0, o => (o["data"] as JsonObject)?.Count ?? 0), age];
        }
        if (type.PrinterColumns is { Count: > 0 } printerColumns)
        {
            var columns = new List<Column> { NameColumn };
            foreach (var pc in printerColumns.OfType<JsonObject>())
            {
                var path = pc.Str("jsonPath") ?? "";
                var colType = pc.Str("type") ?? "string";
                var priority = (int)(pc.Long("priority") ?? 0);
                columns.Add(colType == "date"
                    ? new Column(pc.Str("name") ?? "", "date", priority, o => Age(JsonPathText(o, path), now))
                    : new Column(pc.Str("name") ?? "", colType, priority, o => JsonPathText(o, path)));
            }
            return columns;
        }
        return [NameColumn, age];
    }

    private static string PodStatus(JsonObject pod)
    {
        foreach (var s in (pod.At("status.containerStatuses") as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (s.Str("state.waiting.reason") is { Length: > 0 } reason)
            {
                return reason;
            }
        }
        return pod.Str("status.phase") ?? "Pending";
    }

    private static string Containers(JsonObject o, string podSpecPath, string field) =>
        string.Join(',', (o.At(podSpecPath + ".containers") as JsonArray)?.OfType<JsonObject>().Select(c => c.Str(field)) ?? []);

    private static string Selector(JsonObject o) =>
        o.At("spec.selector.matchLabels") is JsonObject labels
            ? string.Join(',', labels.Select(kv => $"{kv.Key}={kv.Value}"))
            : "<none>";

    /// <summary>Age as the API server prints it (apimachinery's duration.HumanDuration).</summary>
    public static string Age(string? timestamp, DateTimeOffset now)
    {
        if (Json.ParseTime(timestamp) is not { } t)
        {
            return "<unknown>";
        }
        return HumanDuration(now - t);
    }

    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }
        if (seconds < 0)
        {
            return "0s";
        }
        if (seconds < 60 * 2)
        {
            return $"{seconds}s";
        }
        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }
        if (minutes < 60 * 3)
        {
            return $"{minutes}m";
        }
        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }
        if (hours < 48)
        {
            return $"{hours}h";
        }
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }
        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }
        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{dy}d";
        }
        return $"{hours / 24 / 365}y";
    }

    /// <summary>
    /// The JSONPath subset CRD printer columns use: .a.b, [n], [*] and [?(@.field=="value")]; several
    /// results are joined with commas, like the API server's table convertor.
    /// </summary>
    public static string JsonPathText(JsonObject obj, string path)
    {
        IEnumerable<JsonNode?> current = [obj];
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[')
                {
                    end++;
                }
                var key = path[(i + 1)..end];
                current = current.Select(n => n is JsonObject o && o.TryGetPropertyValue(key, out var v) ? v : null).Where(n => n != null).ToList();
                i = end;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    break;
                }
                var inner = path[(i + 1)..close];
                if (inner == "*")
                {
                    current = current.SelectMany(n => n as JsonArray ?? []).ToList();
                }
                else if (inner.StartsWith("?(@.", StringComparison.Ordinal))
                {
                    var filter = inner[4..^1];
                    var eq = filter.IndexOf("==", StringComparison.Ordinal);
                    var field = filter[..eq];
                    var value = filter[(eq + 2)..].Trim('"', '\'');
                    current = current.SelectMany(n => n as JsonArray ?? [])
                        .Where(n => n.Str(field) == value).ToList();
                }
                else if (int.TryParse(inner, out var index))
                {
                    current = current.Select(n => n is JsonArray a && index < a.Count ? a[index] : null).Where(n => n != null).ToList();
                }
                i = close + 1;
            }
            else
            {
                i++;
            }
        }
        return string.Join(',', current.Select(n => n switch
        {
            JsonValue v => v.ToString(),
            null => "",
            _ => n.ToJsonString(),
        }));
    }
}
