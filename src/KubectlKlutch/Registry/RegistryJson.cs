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

/// <summary>Docker's <c>config.json</c>, as far as credentials go; every other field is ignored.</summary>
internal sealed class DockerConfigFile
{
    [JsonPropertyName("auths")] public Dictionary<string, DockerAuthEntry?>? Auths { get; set; }
    [JsonPropertyName("credHelpers")] public Dictionary<string, string?>? CredHelpers { get; set; }
    [JsonPropertyName("credsStore")] public string? CredsStore { get; set; }
}

/// <summary>One <c>auths</c> entry: <c>auth</c> is base64 of user:password; an identity token is an OAuth refresh token.</summary>
internal sealed class DockerAuthEntry
{
    [JsonPropertyName("auth")] public string? Auth { get; set; }
    [JsonPropertyName("username")] public string? Username { get; set; }
    [JsonPropertyName("password")] public string? Password { get; set; }
    [JsonPropertyName("identitytoken")] public string? IdentityToken { get; set; }
}

/// <summary>What <c>docker-credential-NAME get</c> prints on success.</summary>
internal sealed class CredentialHelperAnswer
{
    [JsonPropertyName("ServerURL")] public string? ServerUrl { get; set; }
    [JsonPropertyName("Username")] public string? Username { get; set; }
    [JsonPropertyName("Secret")] public string? Secret { get; set; }
}

/// <summary>Docker's files are read as Go reads them: field names without regard to case, comments and trailing commas refused.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(DockerConfigFile))]
[JsonSerializable(typeof(CredentialHelperAnswer))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
