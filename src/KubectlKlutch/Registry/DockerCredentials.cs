using System.Text;
using System.Text.Json;
using KubectlKlutch.Settings;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry;

/// <summary>A docker config file or credential helper that cannot give the credentials it names: one sentence, naming the file or helper.</summary>
internal sealed class DockerCredentialsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Registry credentials as docker keeps them, read the way docker itself reads them, so that a
/// <c>docker login</c> to a mirror is enough: <c>config.json</c> in <c>$DOCKER_CONFIG</c>, else
/// <c>~/.docker</c>. A credential helper named for the host in <c>credHelpers</c>, else the
/// <c>credsStore</c> one, is asked (<see cref="CredentialHelper"/>); without either, the host's
/// <c>auths</c> entry gives them (<c>auth</c>, else <c>username</c>/<c>password</c>, and <c>identitytoken</c>).
/// </summary>
internal static class DockerCredentials
{
    /// <summary>The name docker files Docker Hub's credentials under.</summary>
    public const string HubServer = "https://index.docker.io/v1/";

    /// <summary>The login docker has for <paramref name="host"/>; null when it has none, or there is no docker config.</summary>
    public static async Task<RegistryLogin?> FindAsync(UserEnvironment environment, string host, CancellationToken ct)
    {
        if (environment.DockerConfigDirectory is not { } directory) return null;
        var path = Path.Combine(directory, "config.json");
        if (Read(path) is not { } config) return null;

        var server = host == ImageReference.DefaultRegistry ? HubServer : host;
        if (Entry(config.CredHelpers, server) is { Length: > 0 } helper)
            return await CredentialHelper.GetAsync(environment, helper, $"credHelpers in {path}", server, host, ct).ConfigureAwait(false);
        if (config.CredsStore is { Length: > 0 } store)
            return await CredentialHelper.GetAsync(environment, store, $"credsStore in {path}", server, host, ct).ConfigureAwait(false);
        return Entry(config.Auths, server) is { } entry ? Login(entry, host, path) : null;
    }

    private static DockerConfigFile? Read(string path)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path)) return null;
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DockerCredentialsException($"Docker's config file {path} cannot be read ({e.GetType().Name}); fix its permissions, or set DOCKER_CONFIG to another directory.", e);
        }
        if (bytes.AsSpan().Trim(" \r\n\t"u8).Length == 0) return null; // docker takes an empty file as no settings
        try
        {
            return JsonSerializer.Deserialize(bytes, DockerJsonContext.Default.DockerConfigFile);
        }
        catch (JsonException e)
        {
            throw new DockerCredentialsException(
                $"Docker's config file {path} is not valid (at line {e.LineNumber + 1}{(string.IsNullOrEmpty(e.Path) ? "" : ", " + e.Path)}); fix it, or set DOCKER_CONFIG to another directory.", e);
        }
    }

    /// <summary>Docker's rule: the entry filed under the server itself, else one whose key names the same host (with a scheme or a path).</summary>
    private static T? Entry<T>(Dictionary<string, T>? entries, string server) where T : class?
    {
        if (entries is null) return null;
        if (entries.TryGetValue(server, out var exact)) return exact;
        return entries.FirstOrDefault(e => Hostname(e.Key).Equals(Hostname(server), StringComparison.OrdinalIgnoreCase)).Value;

        static string Hostname(string key)
        {
            var stripped = key.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? key[7..]
                : key.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? key[8..]
                : key;
            var slash = stripped.IndexOf('/');
            return slash < 0 ? stripped : stripped[..slash];
        }
    }

    private static RegistryLogin? Login(DockerAuthEntry entry, string host, string path)
    {
        var (username, password) = (entry.Username, entry.Password);
        if (entry.Auth is { Length: > 0 } auth)
        {
            string pair;
            try
            {
                pair = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(auth.Trim()));
            }
            catch (Exception e) when (e is FormatException or DecoderFallbackException)
            {
                throw BadAuth(host, path, e);
            }
            var colon = pair.IndexOf(':');
            if (colon < 0) throw BadAuth(host, path, null);
            (username, password) = (pair[..colon], pair[(colon + 1)..]);
        }
        var identity = string.IsNullOrEmpty(entry.IdentityToken) ? null : entry.IdentityToken;
        if (string.IsNullOrEmpty(password)) password = null;
        // docker writes an empty entry for a host whose secret a credential store keeps
        return password is null && identity is null ? null : new RegistryLogin(username ?? "", password, identity, $"docker config file {path}");
    }

    private static DockerCredentialsException BadAuth(string host, string path, Exception? e) =>
        new($"The auths entry for {host} in docker config file {path} holds an auth value that is not base64 of user:password; log in again with docker login {host}.", e);
}
