using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubectlKlutch.Output;

/// <summary>
/// YAML from JSON, for `-o yaml`: block style, like kubectl, written by YamlDotNet's emitter from
/// events (its object serializer reflects, which the native binary cannot). The emitter knows
/// YAML's syntax but not how a reader resolves a plain scalar, so which strings are quoted is
/// decided here: a string YAML would read as something else (a number, a boolean, null, a date)
/// or that is not plain-safe is written in double quotes, which every YAML reader reads as JSON does.
/// </summary>
public static partial class YamlWriter
{
    // Plain only for a conservative alphabet: no indicator, no ': ' or ' #', no edge spaces.
    [GeneratedRegex(@"^[A-Za-z0-9_/.][A-Za-z0-9_./@+()-]*( [A-Za-z0-9_./@+()-]+)*$")]
    private static partial Regex PlainScalar();

    // YAML 1.1 booleans and nulls, everything a YAML reader may take for a number (0x1F, 1_000,
    // 1:30, 1e+3, .inf) or a date (2024-01-15), and what starts like a document end marker.
    [GeneratedRegex(@"^(true|false|yes|no|on|off|null|y|n|~|[-+]?\.(inf|nan)|[-+]?[0-9.][0-9a-fA-FxXoObB_.:+-]*|\.\.\..*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Reserved();

    public static string Write(JsonNode? node)
    {
        // The emitter escapes what its writer's encoding cannot hold: a StringWriter holds all,
        // so that the output never depends on the terminal's encoding.
        var output = new StringWriter();
        // No folding of long lines: a warning stays on one line, as in the JSON.
        var emitter = new Emitter(output, bestIndent: 2, bestWidth: int.MaxValue);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return output.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                // An empty one is written {} by the emitter, as an empty sequence is written [].
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(String(key));
                    Emit(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Block));
                foreach (var item in array) Emit(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                emitter.Emit(String(value.GetValue<string>()));
                break;
            default:
                // null, numbers and booleans read the same in YAML as in JSON.
                emitter.Emit(Scalar(node?.ToJsonString() ?? "null", ScalarStyle.Plain));
                break;
        }
    }

    private static Scalar String(string s) =>
        Scalar(s, PlainScalar().IsMatch(s) && !Reserved().IsMatch(s) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted);

    private static Scalar Scalar(string value, ScalarStyle style) =>
        new(AnchorName.Empty, TagName.Empty, value, style, isPlainImplicit: true, isQuotedImplicit: true);
}
