using System.Diagnostics;
using System.Globalization;

namespace KubectlKlutch.Registry;

/// <summary>
/// One line per registry request, as -v=6 logs the API server's: method, URL, status, time. The
/// URL is written without a user-info part; headers and bodies, where credentials travel, never.
/// Token requests pass here too, so the whole conversation with a registry shows.
/// </summary>
public sealed class RequestLogHandler(TextWriter log) : DelegatingHandler
{
    private readonly TextWriter _log = TextWriter.Synchronized(log); // parallel look-ups share it

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response;
        }
        finally
        {
            var url = request.RequestUri?.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
            var outcome = response is null ? "failed" : RegistryErrors.Status(response);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
            _log.WriteLine($"I {request.Method} {url} {outcome} in {ms} ms{(response is null ? "" : $" (HTTP/{response.Version})")}");
        }
    }
}
