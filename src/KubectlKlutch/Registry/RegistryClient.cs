using System.Net;
using System.Net.Http.Headers;
using KubectlKlutch.Settings;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry;

/// <summary>
/// A client for the OCI distribution API, as far as Klutch needs it: list a repository's tags
/// (<see cref="TagPager"/>) and tell whether a tag exists. The mirror rewrites of the settings
/// apply first (<see cref="RegistryTarget"/>); a 401 is answered once (<see cref="RegistryAuth"/>),
/// a 429 waited out once. Every call is bounded by <see cref="RegistrySettings.Timeout"/>; every
/// failure is a <see cref="RegistryException"/> whose message says what to do (<see cref="RegistryErrors"/>).
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

    private readonly HttpClient _http;
    private readonly TagCache? _cache;
    private readonly RegistryAuth _auth;

    /// <param name="http">From <see cref="RegistryHandler.CreateHttpClient"/>: the registry's trust, and the -v=6 log.</param>
    public RegistryClient(HttpClient http, RegistrySettings settings, TagCache? cache = null)
    {
        _http = http;
        Settings = settings;
        _cache = cache;
        _auth = new RegistryAuth(http, settings);
    }

    public RegistrySettings Settings { get; }

    /// <summary>Tags asked for per page (<c>n</c>); the registry may send fewer.</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>The longest <c>Retry-After</c> honoured after a 429, once, before giving up.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Every tag of the repository (all pages, as the registry names them), from the cache when fresh.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken ct)
    {
        var target = RegistryTarget.For(Settings, repository);
        if (_cache?.TryGet(target.Reference) is { } cached) return cached;
        var tags = await RunAsync(target,
            t => TagPager.FetchAsync(target, PageSize, (uri, c) => SendAsync(target, HttpMethod.Get, uri, manifest: false, c), t), ct).ConfigureAwait(false);
        _cache?.TryPut(target.Reference, tags);
        return tags;
    }

    /// <summary>Whether the registry has the image's tag (a HEAD on its manifest; 404 is false).</summary>
    public async Task<bool> TagExistsAsync(ImageReference image, CancellationToken ct)
    {
        var reference = image.Tag ?? image.Digest ?? throw new ArgumentException($"'{image}' names neither a tag nor a digest.", nameof(image));
        var target = RegistryTarget.For(Settings, image);
        return await RunAsync(target, async t =>
        {
            var uri = new Uri(target.BaseUri, $"/v2/{target.Repository}/manifests/{reference}");
            using var head = await SendAsync(target, HttpMethod.Head, uri, manifest: true, t).ConfigureAwait(false);
            if (head.StatusCode == HttpStatusCode.NotFound) return false;
            RegistryErrors.EnsureSuccess(target, head);
            return true;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>One call, bounded by the timeout; a connection that fails is named as such, not as a timeout.</summary>
    private async Task<T> RunAsync<T>(RegistryTarget target, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Settings.Timeout);
        try
        {
            return await call(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw RegistryErrors.Timeout(target, Settings.Timeout, e);
        }
        catch (HttpRequestException e)
        {
            throw RegistryErrors.Unreachable(target, e);
        }
    }

    /// <summary>One request, with authentication after a 401 and one wait after a 429.</summary>
    private async Task<HttpResponseMessage> SendAsync(RegistryTarget target, HttpMethod method, Uri uri, bool manifest, CancellationToken ct)
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
            request.Headers.Authorization = _auth.For(target);

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Unauthorized when !authenticated:
                    authenticated = true;
                    var challenge = response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) ? string.Join(", ", values) : null;
                    response.Dispose();
                    await _auth.AuthenticateAsync(target, challenge, ct).ConfigureAwait(false);
                    continue;
                case HttpStatusCode.Unauthorized:
                    response.Dispose();
                    throw await _auth.RejectedAsync(target, ct).ConfigureAwait(false);
                case HttpStatusCode.TooManyRequests when waited is null:
                    waited = RetryAfter(response);
                    response.Dispose();
                    await Task.Delay(waited.Value, ct).ConfigureAwait(false);
                    continue;
                case HttpStatusCode.TooManyRequests:
                    response.Dispose();
                    throw RegistryErrors.RateLimited(target, waited.Value);
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
}
