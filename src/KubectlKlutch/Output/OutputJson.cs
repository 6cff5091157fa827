using System.Text.Json.Serialization;
using KubectlKlutch.Status;

namespace KubectlKlutch.Output;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(string))]
public sealed partial class OutputJson : JsonSerializerContext;
