using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using KubectlKlutch.Net;
using KubectlKlutch.Settings;

namespace KubectlKlutch.Registry;

/// <summary>
/// The connection a command uses for registries: system trust (with SSL_CERT_FILE and
/// SSL_CERT_DIR as the user sets them), plus one extra root when given (for tests, or a mirror
/// with a private CA). The one place where the registry's trust is set up.
/// </summary>
public static class RegistryHandler
{
    /// <summary>The HttpClient for <see cref="RegistryClient"/>; with a log, every request is written to it as -v=6 asks.</summary>
    public static HttpClient CreateHttpClient(RegistrySettings settings, TextWriter? log = null, X509Certificate2? extraTrustedRoot = null)
    {
        HttpMessageHandler handler = Create(settings, extraTrustedRoot);
        if (log is not null) handler = new RequestLogHandler(log) { InnerHandler = handler };
        return new HttpClient(handler, disposeHandler: true)
        {
            // A backstop; each call is bounded by its own timer as well, which names the registry.
            Timeout = settings.Timeout + TimeSpan.FromSeconds(5),
            MaxResponseContentBufferSize = 64 * 1024 * 1024,
        };
    }

    public static SocketsHttpHandler Create(RegistrySettings settings, X509Certificate2? extraTrustedRoot = null)
    {
        MachineTrust.Need("the registry client");
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
                // Not the system's trust, so the extra root alone, by the rule the cluster client uses.
                using var custom = new X509Chain { ChainPolicy = CustomRoots.Policy([extraTrustedRoot]) };
                if (chain is not null)
                    foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }
        return handler;
    }
}
