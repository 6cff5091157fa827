using KubectlKlutch.Settings;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry;

/// <summary>
/// One repository as the client asks for it: after the mirror rewrite, so that every message
/// names the host actually asked (the mirror), with the base URL of its API.
/// </summary>
internal sealed record RegistryTarget(ImageReference Reference, string Host, string Repository, Uri BaseUri)
{
    /// <summary>Authorization is kept per host and repository: a token's scope is one repository.</summary>
    public string AuthKey => Host + "/" + Repository;

    public static RegistryTarget For(RegistrySettings settings, ImageReference image)
    {
        var r = settings.Rewrite(image);
        var host = r.Registry.ToLowerInvariant();
        // Docker Hub's API lives on another host than the name users write.
        var apiHost = host == ImageReference.DefaultRegistry ? "registry-1.docker.io" : host;
        var scheme = settings.IsInsecure(host) ? "http" : "https";
        if (!Uri.TryCreate($"{scheme}://{apiHost}/", UriKind.Absolute, out var baseUri))
            throw new RegistryException(RegistryFailure.Unreachable, host, r.Repository,
                $"Registry host '{host}' of {r.Repository} is not a valid host name; check the image reference and Registry:Mirrors.");
        return new RegistryTarget(r with { Tag = null, Digest = null }, host, r.Repository, baseUri);
    }

    /// <summary>The body, with a connection that breaks after the headers reported as such (not as "cannot reach").</summary>
    public async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            throw RegistryErrors.BrokeOff(this, e);
        }
    }
}
