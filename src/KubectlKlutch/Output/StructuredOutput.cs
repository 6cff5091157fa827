using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace KubectlKlutch.Output;

/// <summary>`-o json` and `-o yaml` of any report: the same object, two notations.</summary>
public static class StructuredOutput
{
    // Output for people and scripts, not for embedding in HTML: '+' and '<' stay as they are.
    private static readonly JsonWriterOptions Writer = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsStructured(OutputFormat format) => format is OutputFormat.Json or OutputFormat.Yaml;

    public static void Write<T>(TextWriter output, T value, JsonTypeInfo<T> type, OutputFormat format)
    {
        if (format == OutputFormat.Json)
            output.WriteLine(Json(value, type));
        else
            output.Write(YamlWriter.Write(JsonSerializer.SerializeToNode(value, type)));
    }

    public static string Json<T>(T value, JsonTypeInfo<T> type)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer)) JsonSerializer.Serialize(writer, value, type);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
