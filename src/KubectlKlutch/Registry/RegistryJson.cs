using System.Text.Json.Serialization;

namespace KubectlKlutch.Registry;

/// <summary>The answer of <c>GET /v2/&lt;name&gt;/tags/list</c>.</summary>
internal sealed class TagListResponse
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("tags")] public List<string?>? Tags { get; set; }
}

/// <summary>The answer of a token service; registries use either name for the token.</summary>
internal sealed class TokenResponse
{
    [JsonPropertyName("token")] public string? Token { get; set; }
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("expires_in")] public int? ExpiresIn { get; set; }
}

/// <summary>One cached tag list on disk.</summary>
internal sealed class TagCacheEntry
{
    [JsonPropertyName("repository")] public string Repository { get; set; } = "";
    [JsonPropertyName("fetched")] public DateTimeOffset Fetched { get; set; }
    [JsonPropertyName("tags")] public List<string> Tags { get; set; } = [];
}

/// <summary>Source-generated serialization: no reflection, safe for trimming and Native AOT.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(TagListResponse))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TagCacheEntry))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
