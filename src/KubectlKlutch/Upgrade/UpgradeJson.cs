using System.Text.Json.Serialization;

namespace KubectlKlutch.Upgrade;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(UpgradeReport))]
public sealed partial class UpgradeJson : JsonSerializerContext;
