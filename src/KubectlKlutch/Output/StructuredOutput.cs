using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace KubectlKlutch.Output;

/// <summary>`-o json` and `-o yaml` of any report: the same object, two notations.</summary>
public static class StructuredOutput
{
    public static bool IsStructured(OutputFormat format) => format is OutputFormat.Json or OutputFormat.Yaml;

    public static void Write<T>(TextWriter output, T value, JsonTypeInfo<T> type, OutputFormat format)
    {
        if (format == OutputFormat.Json)
            output.WriteLine(JsonSerializer.Serialize(value, type));
        else
            output.Write(YamlWriter.Write(JsonSerializer.SerializeToNode(value, type)));
    }
}
