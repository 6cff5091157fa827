using System.Text.Json.Serialization;
using KubectlKlutch.Status;

namespace KubectlKlutch.Output;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    Converters = [typeof(KubectlKlutch.Output.UtcTimestampConverter)])]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(FleetStatusReport))]
[JsonSerializable(typeof(KubectlKlutch.Versions.VersionsReport))]
public sealed partial class OutputJson : JsonSerializerContext;
