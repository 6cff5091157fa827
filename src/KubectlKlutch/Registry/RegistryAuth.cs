using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KubectlKlutch.Settings;

namespace KubectlKlutch.Registry;

/// <summary>
/// Access to a repository after a 401. A Bearer challenge starts the token flow: a token from
/// the challenge's realm, anonymous or with the login (a password as Basic, an identity token as
/// an OAuth refresh token, as docker does). A Basic challenge takes the login's password. What
/// was granted is kept per host and repository for the client's life.
/// </summary>
internal sealed class RegistryAuth(HttpClient http, RegistrySettings settings)
{
    private const string ClientId = "kubectl-klutch";

    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _granted = new(StringComparer.Ordinal);
    private readonly RegistryCredentials _credentials = new(settings);

    /// <summary>The Authorization header earned for the repository so far, if any.</summary>
    public AuthenticationHeaderValue? For(RegistryTarget target) => _granted.GetValueOrDefault(target.AuthKey);

    public async Task AuthenticateAsync(RegistryTarget target, string? challenge, CancellationToken ct)
    {
        _granted[target.AuthKey] = await AnswerAsync(target, challenge, ct).ConfigureAwait(false);
    }

    /// <summary>The sentence for a 401 after authenticating: a token without access is how registries such as Docker Hub answer for a missing repository too.</summary>
    public async Task<RegistryException> RejectedAsync(RegistryTarget target, CancellationToken ct) =>
        RegistryErrors.Unauthorized(target, await _credentials.ForAsync(target, ct).ConfigureAwait(false), mayBeMissing: For(target)?.Scheme == "Bearer");

    private async Task<AuthenticationHeaderValue> AnswerAsync(RegistryTarget target, string? challenge, CancellationToken ct)
    {
        if (BearerChallenge.TryParse(challenge, out var bearer))
            return new AuthenticationHeaderValue("Bearer", await FetchTokenAsync(target, bearer, ct).ConfigureAwait(false));
        if (!BearerChallenge.IsBasic(challenge)) throw RegistryErrors.NoChallenge(target);
        var login = await _credentials.ForAsync(target, ct).ConfigureAwait(false) ?? throw RegistryErrors.Unauthorized(target, null);
        return Basic(login) ?? throw RegistryErrors.PasswordNeeded(target, login);
    }

    private async Task<string> FetchTokenAsync(RegistryTarget target, BearerChallenge challenge, CancellationToken ct)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("https" or "http"))
            throw RegistryErrors.RealmNotHttp(target, challenge.Realm);
        if (realm.Scheme == "http" && !settings.IsInsecure(realm.Authority.ToLowerInvariant()))
            throw RegistryErrors.RealmPlainHttp(target, realm);

        var login = await _credentials.ForAsync(target, ct).ConfigureAwait(false);
        var scope = challenge.Scope ?? $"repository:{target.Repository}:pull";
        using var request = login?.IdentityToken is { } refresh
            ? RefreshRequest(realm, challenge.Service, scope, refresh)
            : TokenRequest(realm, challenge.Service, scope, login);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw RegistryErrors.TokenUnreachable(target, realm, e);
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) throw RegistryErrors.Unauthorized(target, login);
            if (!response.IsSuccessStatusCode) throw RegistryErrors.TokenRefused(target, realm, response);
            TokenResponse? answer;
            try
            {
                answer = JsonSerializer.Deserialize(await target.ReadBodyAsync(response, ct).ConfigureAwait(false), RegistryJsonContext.Default.TokenResponse);
            }
            catch (JsonException e)
            {
                throw RegistryErrors.TokenNotJson(target, realm, e);
            }
            var token = answer?.Token is { Length: > 0 } t ? t : answer?.AccessToken;
            return string.IsNullOrEmpty(token) ? throw RegistryErrors.TokenMissing(target, realm) : token;
        }
    }

    /// <summary>The token service's GET: service and scopes in the query, the password (if any) as Basic.</summary>
    private static HttpRequestMessage TokenRequest(Uri realm, string? service, string scope, RegistryLogin? login)
    {
        var query = new StringBuilder(realm.Query.Length == 0 ? "?" : realm.Query + "&");
        if (!string.IsNullOrEmpty(service)) query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        foreach (var s in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)) query.Append("scope=").Append(Uri.EscapeDataString(s)).Append('&');
        var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realm) { Query = query.ToString(1, query.Length - 2) }.Uri);
        if (login is not null) request.Headers.Authorization = Basic(login);
        return request;
    }

    /// <summary>The OAuth2 POST that trades an identity token (docker's refresh token) for an access token; the token travels in the body, never the URL.</summary>
    private static HttpRequestMessage RefreshRequest(Uri realm, string? service, string scope, string refreshToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
            new("client_id", ClientId),
            new("scope", scope),
        };
        if (!string.IsNullOrEmpty(service)) form.Add(new("service", service));
        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    private static AuthenticationHeaderValue? Basic(RegistryLogin login) =>
        login.Password is null ? null : new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(login.Username + ":" + login.Password)));
}
