using System.Text.Json.Serialization;
using KubectlKlutch.Cli.Commands;

namespace KubectlKlutch.Cli;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(VersionReport))]
internal sealed partial class CliJson : JsonSerializerContext;
