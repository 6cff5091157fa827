using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubectlKlutch.Output;

/// <summary>Timestamps as Kubernetes writes them: RFC 3339 in UTC, to the second (`2026-11-25T13:23:23Z`).</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
