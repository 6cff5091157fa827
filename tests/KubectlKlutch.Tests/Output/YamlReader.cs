using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubectlKlutch.Tests.Output;

/// <summary>
/// Reads YAML back into JSON the way the strictest common reader would: YamlDotNet's parser for
/// the syntax, and for the types of plain scalars the union of YAML 1.1's type repository
/// (yaml.org/type, what go-yaml v2 and PyYAML resolve) and YAML 1.2's core schema. The regular
/// expressions are the specifications', not the writer's, so that a string the writer leaves
/// plain and a reader takes for a number, a boolean, null or a date comes back as something
/// that is not the string.
/// </summary>
public static partial class YamlReader
{
    [GeneratedRegex(@"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex Bool();

    [GeneratedRegex(@"^(~|null|Null|NULL|)$")]
    private static partial Regex Null();

    [GeneratedRegex(@"^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+|0o[0-7]+|[-+]?[0-9]+)$")]
    private static partial Regex Int();

    [GeneratedRegex(@"^([-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)$")]
    private static partial Regex Float();

    [GeneratedRegex(@"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](\.[0-9]*)?(([ \t]*)Z|[-+][0-9][0-9]?(:[0-9][0-9])?)?)?$")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^(<<|=)$")]
    private static partial Regex MergeOrValue();

    public static JsonNode? Read(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        var node = ReadNode(parser);
        parser.Consume<DocumentEnd>();
        parser.Consume<StreamEnd>();
        return node;
    }

    private static JsonNode? ReadNode(IParser parser)
    {
        if (parser.TryConsume<MappingStart>(out _))
        {
            var obj = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser);
                // A key that is not a string would not have come from JSON.
                obj.Add(key is JsonValue k && k.TryGetValue<string>(out var s) ? s : $"<key {key?.ToJsonString() ?? "null"}>", ReadNode(parser));
            }
            return obj;
        }
        if (parser.TryConsume<SequenceStart>(out _))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _)) array.Add(ReadNode(parser));
            return array;
        }
        var scalar = parser.Consume<Scalar>();
        return scalar.Style == ScalarStyle.Plain ? Resolve(scalar.Value) : JsonValue.Create(scalar.Value);
    }

    private static JsonNode? Resolve(string plain)
    {
        if (Null().IsMatch(plain)) return null;
        if (Bool().IsMatch(plain)) return JsonValue.Create(plain is "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON");
        if (Int().IsMatch(plain) || Float().IsMatch(plain)) return JsonNumber(plain) ?? Typed("number", plain);
        if (Timestamp().IsMatch(plain)) return Typed("timestamp", plain);
        if (MergeOrValue().IsMatch(plain)) return Typed("merge or value key", plain);
        return JsonValue.Create(plain);
    }

    /// <summary>The number, when JSON writes it the same way (YAML's 0x1F, 007 or 1_000 it does not).</summary>
    private static JsonNode? JsonNumber(string plain)
    {
        try
        {
            return JsonNode.Parse(plain);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>A value JSON has no type for: never equal to the string it was written from.</summary>
    private static JsonObject Typed(string type, string plain) => new() { ["yaml type"] = type, ["plain scalar"] = plain };
}
