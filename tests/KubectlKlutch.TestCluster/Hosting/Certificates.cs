using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// An in-memory CA and a server certificate for 127.0.0.1 and localhost, made once per process:
/// every test server listens on loopback, so one pair serves them all and keeps start-up fast
/// (fleet tests start fifty servers). ECDSA P-256 because key generation is instant.
/// </summary>
internal static class Certificates
{
    private static readonly Lazy<(X509Certificate2 Server, string CaPem)> Pair = new(Create);

    public static X509Certificate2 Server => Pair.Value.Server;

    /// <summary>The CA certificate in PEM, as kubeconfig's certificate-authority-data wants it (base64 of this text).</summary>
    public static string CaPem => Pair.Value.CaPem;

    private static (X509Certificate2, string) Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=klutch-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=klutch-test-apiserver", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var leaf = request.Create(ca, now.AddDays(-1), now.AddYears(1), serial);
        using var withKey = leaf.CopyWithPrivateKey(key);
        // Re-import through PKCS#12 so the private key is a persisted-style handle SslStream accepts everywhere.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        return (server, ca.ExportCertificatePem());
    }
}
