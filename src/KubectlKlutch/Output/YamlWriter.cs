using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KubectlKlutch.Output;

/// <summary>
/// YAML from JSON, for `-o yaml`: block style, like kubectl. Strings that YAML would read as
/// something else (numbers, booleans, `key: value`) are written in double quotes, which YAML
/// reads exactly as JSON does. Small on purpose: the client library's YAML helper is internal.
/// </summary>
public static partial class YamlWriter
{
    [GeneratedRegex(@"^[A-Za-z0-9_/.][A-Za-z0-9_./@+()-]*( [A-Za-z0-9_./@+()-]+)*$")]
    private static partial Regex PlainScalar();

    // YAML 1.1 booleans and nulls, and everything a YAML reader may take for a number
    // (0x1F, 1_000, 1:30, .inf).
    [GeneratedRegex(@"^(true|false|yes|no|on|off|null|y|n|~|[-+]?\.(inf|nan)|[-+]?[0-9.][0-9a-fA-FxXoObB_.:]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Reserved();

    public static string Write(JsonNode? node)
    {
        var output = new System.Text.StringBuilder();
        WriteValue(output, node, 0, inSequence: false);
        return output.ToString();
    }

    private static void WriteValue(System.Text.StringBuilder o, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!(first && inSequence)) o.Append(' ', indent);
                    first = false;
                    o.Append(Scalar(key)).Append(':');
                    WriteChild(o, value, indent);
                }
                break;
            case JsonArray array when array.Count > 0:
                foreach (var item in array)
                {
                    o.Append(' ', indent).Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        if (item is JsonArray) o.AppendLine();
                        WriteValue(o, item, indent + 2, inSequence: item is JsonObject);
                    }
                    else o.AppendLine(Inline(item));
                }
                break;
            default:
                o.Append(' ', indent).AppendLine(Inline(node));
                break;
        }
    }

    private static void WriteChild(System.Text.StringBuilder o, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 }:
                o.AppendLine();
                WriteValue(o, value, indent + 2, inSequence: false);
                break;
            case JsonArray { Count: > 0 }:
                o.AppendLine();
                WriteValue(o, value, indent, inSequence: false);
                break;
            default:
                o.Append(' ').AppendLine(Inline(value));
                break;
        }
    }

    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    private static string Scalar(string s) =>
        PlainScalar().IsMatch(s) && !Reserved().IsMatch(s)
            ? s
            : StructuredOutput.Json(s, OutputJson.Default.String);
}
