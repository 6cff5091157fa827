using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KubectlKlutch.Kube.Objects;
using KubectlKlutch.Session;

using KubectlKlutch.Net;

namespace KubectlKlutch.Kube;

/// <summary>
/// A thin HTTPS client for the Kubernetes API: the kubeconfig's trust, credentials and
/// impersonation, a per-request timeout, retries of reads on 5xx, and one-sentence errors.
/// Thin on purpose: the typed client pulls the whole generated API into the binary (about
/// 15 MB and 40 ms of start-up, measured), and the plugin reads a handful of resources.
/// </summary>
public sealed class KubeClient : IDisposable
{
    private const int ReadAttempts = 3;
    private readonly HttpClient http;
    private readonly ResolvedContext context;
    private readonly ClusterTarget target;
    private readonly TextWriter log;

    public KubeClient(ResolvedContext context, ClusterTarget target, TextWriter log, HttpMessageHandler? handler = null)
    {
        this.context = context;
        this.target = target;
        this.log = log;
        var impersonation = context.Impersonation.With(target, context.User).Headers().ToList(); // refuses before a connection exists
        http = new HttpClient(handler ?? CreateHandler(context), disposeHandler: true)
        {
            BaseAddress = new Uri(context.Server + "/"),
            Timeout = Timeout.InfiniteTimeSpan, // each call has its own deadline; a watch lives longer
            // The concurrent reads of one snapshot share one multiplexed connection (one TLS
            // handshake); servers without HTTP/2 are spoken to in HTTP/1.1.
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd($"kubectl-klutch/{PluginVersion.Current}");
        // tls-server-name: the handler takes the name it sends (SNI) and checks the certificate
        // against from the Host header, never from SslOptions.TargetHost, which it overwrites.
        if (NonEmpty(context.Config.TlsServerName) is { } serverName) http.DefaultRequestHeaders.Host = serverName;
        foreach (var (name, value) in impersonation) http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        if (context.Config.SkipTlsVerify)
            log.WriteLine($"warning: cluster \"{context.Cluster}\" sets insecure-skip-tls-verify: the API server's certificate is not checked, so anyone on the network path could read or change this traffic");
    }

    public ResolvedContext Context => context;
    public string Server => context.Server;

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static SocketsHttpHandler CreateHandler(ResolvedContext context)
    {
        var config = context.Config;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.GZip,
        };
        if (context.Proxy is { } proxy)
        {
            handler.Proxy = proxy;
            handler.UseProxy = true;
        }
        var clientCertificate = ClientCertificate.Load(config);
        if (clientCertificate is not null) handler.SslOptions.ClientCertificates = [clientCertificate];
        // The kubeconfig's CA is the chain policy itself, so the handshake builds one chain
        // against it (not one against the system store, then a second in the callback):
        // what a fleet of fifty handshakes mostly spends its CPU on.
        if (config.SslCaCerts is { Count: > 0 } roots) handler.SslOptions.CertificateChainPolicy = CustomRoots.Policy(roots);
        // Plain http builds no chain: it neither needs the machine's trust nor may skip it for others.
        if (context.Server.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) { }
        else if (config.SslCaCerts is { Count: > 0 } || config.SkipTlsVerify) MachineTrust.NotNeeded();
        else MachineTrust.Need($"context \"{context.Context}\", whose cluster has no certificate-authority data,");
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, errors) =>
            config.SkipTlsVerify || errors == SslPolicyErrors.None; // skipped only when the kubeconfig says so
        return handler;
    }

    /// <summary>GET with retries on 5xx and 429; a 404 gives null.</summary>
    public async Task<T?> GetOrNullAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        try
        {
            return await GetAsync(path, type, ct);
        }
        catch (KubeException e) when (e.Failure == KubeFailure.NotFound)
        {
            return null;
        }
    }

    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var body = await SendAsync(HttpMethod.Get, path, null, ct);
                return Deserialize(body, type, path);
            }
            catch (RetryableException e) when (attempt < ReadAttempts)
            {
                await Task.Delay(e.RetryAfter ?? TimeSpan.FromMilliseconds(200 * attempt), ct);
            }
            catch (RetryableException e)
            {
                throw new KubeException(KubeFailure.ServerError,
                    $"the API server at {Server} answered {(int)e.Status} {ReasonPhrase(e.Status)} to {ReadAttempts} attempts to read {path}{Detail(e.Message)}: try again later");
            }
        }
    }

    /// <summary>A write: sent once (a write is not blindly repeated); errors are mapped as for reads.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent body, JsonTypeInfo<T> type, CancellationToken ct)
    {
        try
        {
            return Deserialize(await SendAsync(method, path, body, ct), type, path);
        }
        catch (RetryableException e)
        {
            throw new KubeException(KubeFailure.ServerError,
                $"the API server at {Server} answered {(int)e.Status} {ReasonPhrase(e.Status)} to {method} {path}{Detail(e.Message)}: nothing was changed by this request; try again later");
        }
    }

    /// <summary>A PATCH of the given type (merge, strategic merge, JSON patch); with dryRun the server stores nothing.</summary>
    public Task<T> PatchAsync<T>(string path, string patch, string contentType, bool dryRun, JsonTypeInfo<T> type, CancellationToken ct)
    {
        var content = new StringContent(patch, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        // Every write names the plugin's own field manager, so that managedFields say who changed what.
        var query = "?fieldManager=" + Ownership.FieldManagers.Plugin + (dryRun ? "&dryRun=All" : "");
        return SendAsync(HttpMethod.Patch, path + query, content, type, ct);
    }

    public Task<T> CreateAsync<T>(string path, string json, JsonTypeInfo<T> type, CancellationToken ct)
    {
        var content = new StringContent(json, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return SendAsync(HttpMethod.Post, path, content, type, ct);
    }

    /// <summary>
    /// Opens a watch (`?watch=true`) from a resourceVersion and yields each event's raw line.
    /// Only opening is bounded by the request timeout; the stream lives until the server ends it.
    /// </summary>
    public async IAsyncEnumerable<string> WatchLinesAsync(string path, string? resourceVersion, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var query = "watch=true&allowWatchBookmarks=true" + (resourceVersion is null ? "" : "&resourceVersion=" + Uri.EscapeDataString(resourceVersion));
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/') + (path.Contains('?') ? "&" : "?") + query) { Version = http.DefaultRequestVersion, VersionPolicy = http.DefaultVersionPolicy };
        HttpResponseMessage response;
        using (var opening = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            opening.CancelAfter(target.RequestTimeout);
            try
            {
                request.Headers.Authorization = await AuthorizationAsync(opening.Token);
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, opening.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new KubeException(KubeFailure.Timeout, $"the API server at {Server} did not open a watch within {Durations.Format(target.RequestTimeout)}");
            }
            catch (HttpRequestException e)
            {
                throw Unreachable(e);
            }
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                var failure = Failure(response, body, HttpMethod.Get, path);
                throw failure as KubeException ?? new KubeException(KubeFailure.ServerError, $"the API server at {Server} answered {(int)response.StatusCode} to a watch of {path}");
            }
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            while (true)
            {
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(ct);
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    yield break; // a dropped stream ends the watch; the caller resumes it
                }
                if (line is null) yield break;
                if (line.Length > 0) yield return line;
            }
        }
    }

    private T Deserialize<T>(string body, JsonTypeInfo<T> type, string path)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type)
                ?? throw new KubeException(KubeFailure.ServerError, $"the API server at {Server} sent an empty answer to {path}: check that it is a Kubernetes API server");
        }
        catch (JsonException)
        {
            throw new KubeException(KubeFailure.ServerError, $"the API server at {Server} sent an answer to {path} that is not valid JSON: check that it is a Kubernetes API server");
        }
    }

    private async Task<string> SendAsync(HttpMethod method, string path, HttpContent? body, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(target.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = body, Version = http.DefaultRequestVersion, VersionPolicy = http.DefaultVersionPolicy };
        request.Headers.Accept.ParseAdd("application/json");
        HttpStatusCode? status = null;
        Version? protocol = null;
        try
        {
            request.Headers.Authorization = await AuthorizationAsync(timeout.Token);
            using var response = await http.SendAsync(request, timeout.Token);
            status = response.StatusCode;
            protocol = response.Version;
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (response.IsSuccessStatusCode) return text;
            throw Failure(response, text, method, path);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new KubeException(KubeFailure.Timeout,
                $"the API server at {Server} did not answer within {Durations.Format(target.RequestTimeout)}: check the network, or raise --request-timeout");
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        finally
        {
            if (target.Verbosity >= 6)
                log.WriteLine($"I {method} {context.Server}/{path.TrimStart('/')} {(status is null ? "failed" : $"{(int)status} {ReasonPhrase(status.Value)}")} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms{(protocol is null ? "" : $" (HTTP/{protocol})")}");
        }
    }

    private async Task<AuthenticationHeaderValue?> AuthorizationAsync(CancellationToken ct)
    {
        var config = context.Config;
        if (config.TokenProvider is not null) return await config.TokenProvider.GetAuthenticationHeaderAsync(ct);
        if (!string.IsNullOrEmpty(config.AccessToken)) return new AuthenticationHeaderValue("Bearer", config.AccessToken);
        if (!string.IsNullOrEmpty(config.Username))
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{config.Username}:{config.Password}")));
        return null;
    }

    private Exception Failure(HttpResponseMessage response, string body, HttpMethod method, string path)
    {
        var status = (int)response.StatusCode;
        var message = ParseStatus(body)?.Message;
        if (status is 429 or >= 500)
            return new RetryableException(response.StatusCode, message ?? "", response.Headers.RetryAfter?.Delta is { } d && d < TimeSpan.FromSeconds(5) ? d : null);
        return status switch
        {
            401 => new KubeException(KubeFailure.Unauthorized,
                $"the API server at {Server} rejected the credentials of user \"{context.User}\" (401 Unauthorized): log in again or refresh the credentials in the kubeconfig"),
            403 => new KubeException(KubeFailure.Forbidden,
                $"{message ?? $"{method} {path} is forbidden"} (403 Forbidden): ask your cluster administrator for this permission"),
            404 => new KubeException(KubeFailure.NotFound, message ?? $"{path} was not found"),
            409 => new KubeException(KubeFailure.Conflict, message ?? $"{path} was changed by someone else"),
            410 => new KubeException(KubeFailure.Gone, message ?? $"{path}: resourceVersion too old"),
            422 => new KubeException(KubeFailure.Invalid, $"the API server refused the change to {path}: {message ?? "invalid"}"),
            _ => new KubeException(KubeFailure.ServerError,
                $"the API server at {Server} answered {status} {ReasonPhrase(response.StatusCode)} to {method} {path}{Detail(message)}"),
        };
    }

    private KubeException Unreachable(HttpRequestException e)
    {
        if (e.InnerException is AuthenticationException)
            return new KubeException(KubeFailure.UntrustedCertificate,
                $"the API server at {Server} presented a certificate that the kubeconfig of cluster \"{context.Cluster}\" does not trust: fix its certificate-authority-data (TLS verification is skipped only when the kubeconfig sets insecure-skip-tls-verify)");
        var reason = Net.SocketErrors.Describe(e) ?? "connection failed";
        return new KubeException(KubeFailure.Unreachable,
            $"cannot reach the API server at {Server} ({reason}): check that the cluster is running and that context \"{context.Context}\" points at it");
    }

    private static ApiStatus? ParseStatus(string body)
    {
        try
        {
            return body.StartsWith('{') ? JsonSerializer.Deserialize(body, KubeJson.Default.ApiStatus) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Detail(string? message) => string.IsNullOrWhiteSpace(message) ? "" : $" ({message.TrimEnd('.')})";

    private static string ReasonPhrase(HttpStatusCode status) =>
        new HttpResponseMessage(status).ReasonPhrase ?? status.ToString();

    public void Dispose() => http.Dispose();

    private sealed class RetryableException(HttpStatusCode status, string message, TimeSpan? retryAfter) : Exception(message)
    {
        public HttpStatusCode Status { get; } = status;
        public TimeSpan? RetryAfter { get; } = retryAfter;
    }
}
