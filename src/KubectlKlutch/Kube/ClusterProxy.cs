using System.Net;

namespace KubectlKlutch.Kube;

/// <summary>
/// A cluster's `proxy-url`. Unlike <see cref="WebProxy"/>, which never proxies loopback, it is
/// used for every address: kubectl sends everything for that cluster through it.
/// </summary>
public sealed class ClusterProxy : IWebProxy
{
    private static readonly string[] Schemes = ["http", "https", "socks5"];
    private readonly Uri address;

    private ClusterProxy(Uri address, ICredentials? credentials)
    {
        this.address = address;
        Credentials = credentials;
    }

    public ICredentials? Credentials { get; set; }

    public Uri GetProxy(Uri destination) => address;

    public bool IsBypassed(Uri host) => false;

    /// <summary>Null without a proxy-url; the URL is never echoed in an error, as it may carry a password.</summary>
    public static ClusterProxy? Parse(string? url, string cluster)
    {
        if (url is null) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme))
            throw new KubeException(KubeFailure.Config, $"the proxy-url of cluster \"{cluster}\" is not an http, https or socks5 URL: fix it in the kubeconfig (for example http://proxy.example:3128)");
        ICredentials? credentials = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }
        return new ClusterProxy(new UriBuilder(uri) { UserName = "", Password = "" }.Uri, credentials);
    }
}
