using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubectlKlutch.Output;

/// <summary>
/// `-o jsonpath=TEMPLATE` over the `-o json` document, the subset of kubectl's JSONPath that
/// scripts use: text around `{...}`, `.field`, `['field']`, `[n]`, `[*]`, `[?(@.f=="v")]`
/// (== and !=), `{range ...}{end}` and `{"\n"}`. A missing field prints nothing, as kubectl's
/// `get` does with its default --allow-missing-template-keys.
/// </summary>
public sealed class JsonPathTemplate
{
    private abstract record Part;
    private sealed record Text(string Value) : Part;
    private sealed record Expression(IReadOnlyList<Step> Path) : Part;
    private sealed record Range(IReadOnlyList<Step> Path, IReadOnlyList<Part> Body) : Part;

    private abstract record Step;
    private sealed record Field(string Name) : Step;
    private sealed record Index(int At) : Step;
    private sealed record All : Step;
    private sealed record Filter(IReadOnlyList<Step> Path, bool Equal, JsonNode? Value) : Step;

    private readonly IReadOnlyList<Part> parts;

    private JsonPathTemplate(IReadOnlyList<Part> parts) => this.parts = parts;

    /// <summary>The template, or a sentence saying where it is broken.</summary>
    public static JsonPathTemplate Parse(string template)
    {
        var position = 0;
        var parts = ParseParts(template, ref position, inRange: false);
        return new JsonPathTemplate(parts);
    }

    public string Render(JsonNode? document)
    {
        var text = new StringBuilder();
        Render(parts, document, document, text);
        return text.ToString();
    }

    private static void Render(IReadOnlyList<Part> parts, JsonNode? root, JsonNode? current, StringBuilder text)
    {
        foreach (var part in parts)
        {
            switch (part)
            {
                case Text t:
                    text.Append(t.Value);
                    break;
                case Expression e:
                    text.AppendJoin(' ', Select(e.Path, current).Select(Print));
                    break;
                case Range r:
                    foreach (var item in Select(r.Path, current).SelectMany(n => n is JsonArray a ? a : (IEnumerable<JsonNode?>)[n]))
                        Render(r.Body, root, item, text);
                    break;
            }
        }
    }

    private static string Print(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static IEnumerable<JsonNode?> Select(IReadOnlyList<Step> path, JsonNode? start)
    {
        IEnumerable<JsonNode?> nodes = [start];
        foreach (var step in path)
        {
            nodes = step switch
            {
                Field f => nodes.OfType<JsonObject>().Where(o => o.ContainsKey(f.Name)).Select(o => o[f.Name]),
                Index i => nodes.OfType<JsonArray>().Where(a => (i.At < 0 ? a.Count + i.At : i.At) is var k && k >= 0 && k < a.Count).Select(a => a[i.At < 0 ? a.Count + i.At : i.At]),
                All => nodes.SelectMany(n => n switch { JsonArray a => a, JsonObject o => o.Select(p => p.Value), _ => [] }),
                Filter f => nodes.OfType<JsonArray>().SelectMany(a => a).Where(item => Matches(f, item)),
                _ => [],
            };
        }
        return nodes.ToList();
    }

    private static bool Matches(Filter filter, JsonNode? item)
    {
        var found = Select(filter.Path, item).ToList();
        var equal = found.Count > 0 && JsonNode.DeepEquals(found[0], filter.Value);
        return filter.Equal ? equal : found.Count > 0 && !equal;
    }

    private static List<Part> ParseParts(string s, ref int i, bool inRange)
    {
        var parts = new List<Part>();
        var text = new StringBuilder();
        while (i < s.Length)
        {
            if (s[i] != '{')
            {
                text.Append(s[i++]);
                continue;
            }
            var close = s.IndexOf('}', i);
            if (close < 0) throw Broken(s, "an unclosed {");
            var inner = s[(i + 1)..close].Trim();
            i = close + 1;
            if (text.Length > 0)
            {
                parts.Add(new Text(text.ToString()));
                text.Clear();
            }
            if (inner == "end")
            {
                if (!inRange) throw Broken(s, "{end} without {range}");
                return parts;
            }
            if (inner.StartsWith("range ", StringComparison.Ordinal))
            {
                var path = ParsePath(s, inner[6..].Trim());
                // Returns only at its {end}; without one it throws.
                parts.Add(new Range(path, ParseParts(s, ref i, inRange: true)));
            }
            else if (inner.Length >= 2 && inner[0] == '"' && inner[^1] == '"')
                parts.Add(new Text(Unescape(inner[1..^1])));
            else
                parts.Add(new Expression(ParsePath(s, inner)));
        }
        if (inRange) throw Broken(s, "{range} without {end}");
        if (text.Length > 0) parts.Add(new Text(text.ToString()));
        return parts;
    }

    private static List<Step> ParsePath(string template, string path)
    {
        var steps = new List<Step>();
        var i = path.StartsWith('$') ? 1 : 0;
        if (i == 0 && !path.StartsWith('.') && !path.StartsWith('[') && !path.StartsWith('@'))
            throw Broken(template, $"\"{path}\" does not start with . or $");
        if (path.StartsWith('@')) i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var start = ++i;
                while (i < path.Length && path[i] is not ('.' or '[')) i++;
                if (i > start) steps.Add(new Field(path[start..i]));
                else if (i < path.Length && path[i] != '[') throw Broken(template, $"an empty field name in \"{path}\"");
                continue;
            }
            if (path[i] != '[') throw Broken(template, $"unexpected '{path[i]}' in \"{path}\"");
            var end = Closing(path, i);
            if (end < 0) throw Broken(template, $"an unclosed [ in \"{path}\"");
            var inside = path[(i + 1)..end].Trim();
            i = end + 1;
            if (inside == "*") steps.Add(new All());
            else if (int.TryParse(inside, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) steps.Add(new Index(n));
            else if (inside.Length >= 2 && inside[0] is '\'' or '"' && inside[^1] == inside[0]) steps.Add(new Field(inside[1..^1]));
            else if (inside.StartsWith("?(", StringComparison.Ordinal) && inside.EndsWith(')')) steps.Add(ParseFilter(template, inside[2..^1]));
            else throw Broken(template, $"\"[{inside}]\" is not an index, [*] or a filter");
        }
        return steps;
    }

    private static int Closing(string path, int open)
    {
        var depth = 0;
        for (var k = open; k < path.Length; k++)
        {
            if (path[k] == '[') depth++;
            else if (path[k] == ']' && --depth == 0) return k;
        }
        return -1;
    }

    private static Filter ParseFilter(string template, string condition)
    {
        var op = condition.Contains("!=", StringComparison.Ordinal) ? "!=" : "==";
        var at = condition.IndexOf(op, StringComparison.Ordinal);
        if (at < 0 || !condition.TrimStart().StartsWith('@')) throw Broken(template, $"the filter \"{condition}\" is not @.field==value or @.field!=value");
        var left = ParsePath(template, condition[..at].Trim());
        var right = condition[(at + 2)..].Trim();
        JsonNode? value = right.Length >= 2 && right[0] is '\'' or '"' && right[^1] == right[0] ? JsonValue.Create(right[1..^1])
            : decimal.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
            : right is "true" or "false" ? JsonValue.Create(right == "true")
            : throw Broken(template, $"the filter value {right} is not a quoted string, a number, true or false");
        return new Filter(left, op == "==", value);
    }

    private static string Unescape(string text) => text.Replace("\\n", "\n").Replace("\\t", "\t").Replace("\\\"", "\"").Replace("\\\\", "\\");

    private static FormatException Broken(string template, string what) => new($"-o jsonpath={template} has {what}");
}
