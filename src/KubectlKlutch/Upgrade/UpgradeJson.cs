using System.Text.Json.Serialization;

namespace KubectlKlutch.Upgrade;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true,
    Converters = [typeof(KubectlKlutch.Output.UtcTimestampConverter)])]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(UpgradeReport))]
[JsonSerializable(typeof(FleetChangeReport))]
public sealed partial class UpgradeJson : JsonSerializerContext;
