using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using KubectlKlutch.Settings;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry;

/// <summary>
/// A client for the OCI distribution API, as far as Klutch needs it: list a repository's tags and
/// resolve a tag to its digest. It speaks the standard token flow (a 401 with a Bearer challenge,
/// a token from the realm, the request again), Basic authentication for private mirrors, follows
/// the <c>Link</c> header across tag pages, and applies the mirror rewrites of the settings first.
/// Every call is bounded by <see cref="RegistrySettings.Timeout"/>; every failure is a
/// <see cref="RegistryException"/> whose message says what to do.
/// </summary>
public sealed class RegistryClient
{
    /// <summary>What a manifest request accepts: OCI index and manifest, Docker manifest list and v2 manifest.</summary>
    public static readonly IReadOnlyList<string> ManifestMediaTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    private const int MaxPages = 10_000;

    private readonly HttpClient _http;
    private readonly TagCache? _cache;
    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _auth = new(StringComparer.Ordinal);

    public RegistryClient(HttpClient http, RegistrySettings settings, TagCache? cache = null)
    {
        _http = http;
        Settings = settings;
        _cache = cache;
    }

    public RegistrySettings Settings { get; }

    /// <summary>Tags asked for per page (<c>n</c>); the registry may send fewer.</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>The longest <c>Retry-After</c> honoured after a 429, once, before giving up.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The one HttpClient a command should use for registries: system trust, plus
    /// <paramref name="extraTrustedRoot"/> when given (for tests, or a mirror with a private CA).
    /// </summary>
    public static HttpClient CreateHttpClient(RegistrySettings settings, X509Certificate2? extraTrustedRoot = null) =>
        new(CreateHandler(settings, extraTrustedRoot), disposeHandler: true)
        {
            // A backstop; each call is bounded by its own timer as well, which names the registry.
            Timeout = settings.Timeout + TimeSpan.FromSeconds(5),
            MaxResponseContentBufferSize = 64 * 1024 * 1024,
        };

    public static SocketsHttpHandler CreateHandler(RegistrySettings settings, X509Certificate2? extraTrustedRoot = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.Timeout,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (extraTrustedRoot is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (errors == SslPolicyErrors.None) return true;
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                using var custom = new X509Chain();
                custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.Add(extraTrustedRoot);
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (chain is not null)
                    foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }
        return handler;
    }

    /// <summary>Every tag of the repository (all pages, as the registry names them), from the cache when fresh.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken ct)
    {
        var target = Resolve(repository);
        if (_cache?.TryGet(target.Reference) is { } cached) return cached;
        var tags = await RunAsync(target, t => FetchTagsAsync(target, t), ct).ConfigureAwait(false);
        _cache?.TryPut(target.Reference, tags);
        return tags;
    }

    /// <summary>The digest (<c>sha256:...</c>) the registry serves for the image's tag.</summary>
    public async Task<string> ResolveDigestAsync(ImageReference image, CancellationToken ct)
    {
        if (image.Tag is null) return image.Digest ?? throw new ArgumentException($"'{image}' names neither a tag nor a digest.", nameof(image));
        var target = Resolve(image);
        return await RunAsync(target, async t =>
        {
            var uri = new Uri(target.BaseUri, $"/v2/{target.Repository}/manifests/{image.Tag}");
            using (var head = await SendAsync(target, HttpMethod.Head, uri, manifest: true, t).ConfigureAwait(false))
            {
                if (head.StatusCode == HttpStatusCode.NotFound) throw TagNotFound(target, image.Tag);
                EnsureSuccess(target, head);
                if (DigestHeader(head) is { } digest) return ValidDigest(target, image.Tag, digest);
            }
            // Some registries leave the header off a HEAD: the digest is the hash of the manifest bytes.
            using var get = await SendAsync(target, HttpMethod.Get, uri, manifest: true, t).ConfigureAwait(false);
            if (get.StatusCode == HttpStatusCode.NotFound) throw TagNotFound(target, image.Tag);
            EnsureSuccess(target, get);
            if (DigestHeader(get) is { } d) return ValidDigest(target, image.Tag, d);
            var bytes = await ReadBodyAsync(target, get, t).ConfigureAwait(false);
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Whether the registry has the image's tag (a HEAD on its manifest; 404 is false).</summary>
    public async Task<bool> TagExistsAsync(ImageReference image, CancellationToken ct)
    {
        var reference = image.Tag ?? image.Digest ?? throw new ArgumentException($"'{image}' names neither a tag nor a digest.", nameof(image));
        var target = Resolve(image);
        return await RunAsync(target, async t =>
        {
            var uri = new Uri(target.BaseUri, $"/v2/{target.Repository}/manifests/{reference}");
            using var head = await SendAsync(target, HttpMethod.Head, uri, manifest: true, t).ConfigureAwait(false);
            if (head.StatusCode == HttpStatusCode.NotFound) return false;
            EnsureSuccess(target, head);
            return true;
        }, ct).ConfigureAwait(false);
    }

    // ---- one call: mirror rewrite, scheme, timeout, error mapping ----

    private sealed record Target(ImageReference Reference, string Host, string Repository, Uri BaseUri)
    {
        public string AuthKey => Host + "/" + Repository;
    }

    private Target Resolve(ImageReference image)
    {
        var r = Settings.Rewrite(image);
        var host = r.Registry.ToLowerInvariant();
        // Docker Hub's API lives on another host than the name users write.
        var apiHost = host == ImageReference.DefaultRegistry ? "registry-1.docker.io" : host;
        var scheme = Settings.IsInsecure(host) ? "http" : "https";
        if (!Uri.TryCreate($"{scheme}://{apiHost}/", UriKind.Absolute, out var baseUri))
            throw new RegistryException(RegistryFailure.Unreachable, host, r.Repository,
                $"Registry host '{host}' of {r.Repository} is not a valid host name; check the image reference and Registry:Mirrors.");
        return new Target(r with { Tag = null, Digest = null }, host, r.Repository, baseUri);
    }

    private async Task<T> RunAsync<T>(Target target, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Settings.Timeout);
        try
        {
            return await call(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw Fail(target, RegistryFailure.Timeout,
                $"Registry {target.Host} did not answer within {Seconds(Settings.Timeout)} s for {target.Repository}; check the network, or raise Registry:Timeout in the settings.", e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(target, e);
        }
    }

    private async Task<IReadOnlyList<string>> FetchTagsAsync(Target target, CancellationToken ct)
    {
        var tags = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Uri? next = new(target.BaseUri, $"/v2/{target.Repository}/tags/list?n={PageSize.ToString(CultureInfo.InvariantCulture)}");
        while (next is not null)
        {
            if (!visited.Add(next.AbsoluteUri))
                throw Fail(target, RegistryFailure.PageLoop,
                    $"Registry {target.Host} sent tag list pages for {target.Repository} that loop (the next-page link {next.PathAndQuery} came twice); stopped paging, report this to the registry's operator.");
            if (visited.Count > MaxPages)
                throw Fail(target, RegistryFailure.PageLoop,
                    $"Registry {target.Host} sent more than {MaxPages} tag list pages for {target.Repository}; stopped paging, report this to the registry's operator.");

            using var response = await SendAsync(target, HttpMethod.Get, next, manifest: false, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw Fail(target, RegistryFailure.NotFound,
                    $"Repository {target.Repository} was not found on registry {target.Host} (404 Not Found); check the image name and Registry:Mirrors in the settings.");
            EnsureSuccess(target, response);

            var body = await ReadBodyAsync(target, response, ct).ConfigureAwait(false);
            TagListResponse? page;
            try
            {
                page = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TagListResponse);
            }
            catch (JsonException e)
            {
                throw Fail(target, RegistryFailure.Malformed,
                    $"Registry {target.Host} sent a tag list for {target.Repository} that is not valid JSON (at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); the registry or a proxy in front of it is misbehaving.", e);
            }
            if (page is null)
                throw Fail(target, RegistryFailure.Malformed,
                    $"Registry {target.Host} sent an empty tag list document for {target.Repository}; the registry or a proxy in front of it is misbehaving.");
            foreach (var tag in page.Tags ?? [])
            {
                if (tag is null || !ImageReference.IsValidTag(tag))
                    throw Fail(target, RegistryFailure.Malformed,
                        $"Registry {target.Host} sent a tag list for {target.Repository} with an invalid tag '{Printable(tag)}'; the registry or a proxy in front of it is misbehaving.");
                if (known.Add(tag)) tags.Add(tag);
            }
            next = NextLink(target, response, next);
        }
        return tags;
    }

    private Uri? NextLink(Target target, HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.NonValidated.TryGetValues("Link", out var values)) return null;
        foreach (var value in values)
        {
            foreach (var link in SplitLinks(value))
            {
                var close = link.IndexOf('>');
                if (!link.StartsWith('<') || close < 0) continue;
                var parameters = link[(close + 1)..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var isNext = parameters.Any(p =>
                {
                    var eq = p.IndexOf('=');
                    return eq > 0 && p[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)
                        && p[(eq + 1)..].Trim().Trim('"').Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase);
                });
                if (!isNext) continue;
                if (!Uri.TryCreate(current, link[1..close], out var uri))
                    throw Fail(target, RegistryFailure.Malformed,
                        $"Registry {target.Host} sent a next-page link for {target.Repository} that is not a URL ('{Printable(link[1..close])}'); the registry or a proxy in front of it is misbehaving.");
                // Never carry the registry's credentials to another server.
                if (uri.Scheme != current.Scheme || !uri.Authority.Equals(current.Authority, StringComparison.OrdinalIgnoreCase))
                    throw Fail(target, RegistryFailure.Malformed,
                        $"Registry {target.Host} sent a next-page link for {target.Repository} that points to another server ({uri.Scheme}://{uri.Authority}); stopped paging, report this to the registry's operator.");
                return uri;
            }
        }
        return null;

        // Links are separated by commas outside <...>.
        static IEnumerable<string> SplitLinks(string header)
        {
            var depth = 0;
            var start = 0;
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] == '<') depth++;
                else if (header[i] == '>') depth = Math.Max(0, depth - 1);
                else if (header[i] == ',' && depth == 0)
                {
                    yield return header[start..i].Trim();
                    start = i + 1;
                }
            }
            yield return header[start..].Trim();
        }
    }

    // ---- sending, with authentication and one wait after a 429 ----

    private async Task<HttpResponseMessage> SendAsync(Target target, HttpMethod method, Uri uri, bool manifest, CancellationToken ct)
    {
        var authenticated = false;
        TimeSpan? waited = null;
        while (true)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (manifest)
                foreach (var type in ManifestMediaTypes) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            else
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_auth.TryGetValue(target.AuthKey, out var authorization)) request.Headers.Authorization = authorization;

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Unauthorized when !authenticated:
                    authenticated = true;
                    var challenge = response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values)
                        ? string.Join(", ", values)
                        : null;
                    response.Dispose();
                    _auth[target.AuthKey] = await AuthenticateAsync(target, challenge, ct).ConfigureAwait(false);
                    continue;
                case HttpStatusCode.Unauthorized:
                    response.Dispose();
                    // A token without access: registries such as Docker Hub answer so for a missing repository too.
                    throw Unauthorized(target, Settings.CredentialFor(target.Host),
                        mayBeMissing: _auth.TryGetValue(target.AuthKey, out var used) && used.Scheme == "Bearer");
                case HttpStatusCode.TooManyRequests when waited is null:
                    waited = RetryAfter(response);
                    response.Dispose();
                    await Task.Delay(waited.Value, ct).ConfigureAwait(false);
                    continue;
                case HttpStatusCode.TooManyRequests:
                    response.Dispose();
                    throw Fail(target, RegistryFailure.RateLimited,
                        $"Registry {target.Host} is still rate limiting requests for {target.Repository} (429 Too Many Requests) after waiting {Seconds(waited.Value)} s; try again later, or use a mirror under Registry:Mirrors in the settings.");
                default:
                    return response;
            }
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.FromSeconds(1));
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        return wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    private async Task<AuthenticationHeaderValue> AuthenticateAsync(Target target, string? challenge, CancellationToken ct)
    {
        var credential = Settings.CredentialFor(target.Host);
        if (BearerChallenge.TryParse(challenge, out var bearer))
            return new AuthenticationHeaderValue("Bearer", await FetchTokenAsync(target, bearer, credential, ct).ConfigureAwait(false));
        if (BearerChallenge.IsBasic(challenge))
        {
            if (credential is null) throw Unauthorized(target, null);
            return new AuthenticationHeaderValue("Basic", BasicValue(target, credential));
        }
        throw Fail(target, RegistryFailure.Unauthorized,
            $"Registry {target.Host} requires authentication for {target.Repository} but offers no Bearer or Basic challenge; check that {target.Host} is an OCI registry, or configure a mirror under Registry:Mirrors.");
    }

    private async Task<string> FetchTokenAsync(Target target, BearerChallenge challenge, RegistryCredential? credential, CancellationToken ct)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("https" or "http"))
            throw Fail(target, RegistryFailure.TokenFailed,
                $"Registry {target.Host} named a token service for {target.Repository} that is not an http(s) URL ('{Printable(challenge.Realm)}'); report this to the registry's operator.");
        if (realm.Scheme == "http" && !Settings.IsInsecure(realm.Authority.ToLowerInvariant()))
            throw Fail(target, RegistryFailure.TokenFailed,
                $"The token service {realm.Authority} of registry {target.Host} uses plain http for {target.Repository}; list {realm.Authority} under Registry:Insecure in the settings only if that is intended.");

        var query = new StringBuilder(realm.Query.Length == 0 ? "?" : realm.Query + "&");
        if (!string.IsNullOrEmpty(challenge.Service)) query.Append("service=").Append(Uri.EscapeDataString(challenge.Service)).Append('&');
        var scope = challenge.Scope ?? $"repository:{target.Repository}:pull";
        foreach (var s in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)) query.Append("scope=").Append(Uri.EscapeDataString(s)).Append('&');
        var uri = new UriBuilder(realm) { Query = query.ToString(1, query.Length - 2) }.Uri;

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (credential is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicValue(target, credential));

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Fail(target, RegistryFailure.TokenFailed,
                $"The token service {realm.Authority} of registry {target.Host} could not be reached for {target.Repository} ({Reason(e)}); check the network, or the registry's status.", e);
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw Unauthorized(target, credential);
            if (!response.IsSuccessStatusCode)
                throw Fail(target, RegistryFailure.TokenFailed,
                    $"The token service {realm.Authority} of registry {target.Host} refused a token for {target.Repository} ({Status(response)}); try again later, or check the registry's status.");
            TokenResponse? answer;
            try
            {
                answer = JsonSerializer.Deserialize(await ReadBodyAsync(target, response, ct).ConfigureAwait(false), RegistryJsonContext.Default.TokenResponse);
            }
            catch (JsonException e)
            {
                throw Fail(target, RegistryFailure.TokenFailed,
                    $"The token service {realm.Authority} of registry {target.Host} answered with something other than JSON for {target.Repository}; try again later, or check the registry's status.", e);
            }
            var token = answer?.Token is { Length: > 0 } t ? t : answer?.AccessToken;
            if (string.IsNullOrEmpty(token))
                throw Fail(target, RegistryFailure.TokenFailed,
                    $"The token service {realm.Authority} of registry {target.Host} answered without a token for {target.Repository}; try again later, or check the registry's status.");
            return token;
        }
    }

    private static string BasicValue(Target target, RegistryCredential credential)
    {
        var password = credential.ReadPassword(out var problem)
            ?? throw Fail(target, RegistryFailure.Unauthorized,
                $"The password for user {credential.Username} of registry {target.Host} cannot be read for {target.Repository} ({problem}); set it, or fix Registry:Credentials in the settings.");
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + password));
    }

    // ---- errors ----

    private static void EnsureSuccess(Target target, HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return;
        throw response.StatusCode switch
        {
            HttpStatusCode.Forbidden => Fail(target, RegistryFailure.Forbidden,
                $"Registry {target.Host} denied access to {target.Repository} (403 Forbidden); ask its operator for pull access for the credentials in Registry:Credentials."),
            _ => Fail(target, RegistryFailure.ServerError,
                $"Registry {target.Host} answered {Status(response)} for {target.Repository}; try again later, or check the registry's status."),
        };
    }

    private static RegistryException TagNotFound(Target target, string tag) =>
        Fail(target, RegistryFailure.NotFound,
            $"Tag {tag} of {target.Repository} was not found on registry {target.Host} (404 Not Found); check the version against the repository's tags.");

    private static RegistryException Unauthorized(Target target, RegistryCredential? credential, bool mayBeMissing = false) =>
        Fail(target, RegistryFailure.Unauthorized, credential is null
            ? $"Registry {target.Host} requires credentials for {target.Repository}{(mayBeMissing ? " (or has no repository of that name)" : "")}; add an entry for {target.Host} under Registry:Credentials in the settings (Username with PasswordEnv or PasswordFile)."
            : $"Registry {target.Host} rejected the credentials of user {credential.Username} for {target.Repository}; check the password in {credential.PasswordSource} and the user's pull access.");

    private static RegistryException Unreachable(Target target, HttpRequestException e)
    {
        if (e.HttpRequestError == HttpRequestError.SecureConnectionError || e.InnerException is AuthenticationException)
            return Fail(target, RegistryFailure.Unreachable,
                $"The TLS connection to registry {target.Host} for {target.Repository} failed (untrusted certificate, or the registry speaks plain http); add its CA to the system trust store, or list {target.Host} under Registry:Insecure in the settings only if it serves plain http.", e);
        return Fail(target, RegistryFailure.Unreachable,
            $"Cannot reach registry {target.Host} for {target.Repository} ({Reason(e)}); check the host name and the network, or set a mirror under Registry:Mirrors in the settings.", e);
    }

    /// <summary>The body, with a connection that breaks after the headers reported as such (not as "cannot reach").</summary>
    private static async Task<byte[]> ReadBodyAsync(Target target, HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            throw BrokeOff(target, e);
        }
    }

    private static RegistryException BrokeOff(Target target, Exception e) =>
        Fail(target, RegistryFailure.Unreachable,
            $"The connection to registry {target.Host} broke off while reading the answer for {target.Repository}; try again, or check the network and any proxy in between.", e);

    private static string Reason(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s)
                return s.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                    SocketError.ConnectionReset => "connection reset",
                    _ => s.SocketErrorCode.ToString(),
                };
        }
        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host not found",
            HttpRequestError.ResponseEnded => "the connection closed before an answer",
            HttpRequestError.InvalidResponse => "the answer was not HTTP",
            _ => e.HttpRequestError.ToString(),
        };
    }

    private static string? DigestHeader(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static string ValidDigest(Target target, string tag, string digest)
    {
        var colon = digest.IndexOf(':');
        var valid = colon > 0 && colon < digest.Length - 1
            && digest[..colon].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '+' or '.' or '_' or '-')
            && digest[(colon + 1)..].All(char.IsAsciiHexDigitLower)
            && (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length == 7 + 64);
        return valid ? digest : throw Fail(target, RegistryFailure.Malformed,
            $"Registry {target.Host} sent an invalid digest '{Printable(digest)}' for tag {tag} of {target.Repository}; the registry or a proxy in front of it is misbehaving.");
    }

    private static RegistryException Fail(Target target, RegistryFailure failure, string message, Exception? inner = null) =>
        new(failure, target.Host, target.Repository, message, inner);

    private static string Status(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}".TrimEnd();

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Printable(string? text)
    {
        if (text is null) return "null";
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length > 80 ? clean[..80] + "..." : clean;
    }
}
