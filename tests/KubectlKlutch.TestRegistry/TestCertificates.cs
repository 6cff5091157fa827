using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubectlKlutch.TestRegistry;

/// <summary>Certificates made for one test run: a CA with a loopback server certificate, and a token signing certificate.</summary>
public static class TestCertificates
{
    public sealed record Tls(X509Certificate2 Ca, string CertificatePemPath, string KeyPemPath);

    /// <summary>A CA and a server certificate for 127.0.0.1 and localhost signed by it, written as PEM files.</summary>
    public static Tls CreateTls(string directory)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=kubectl-klutch test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var server = request.Create(ca, now.AddDays(-1), now.AddDays(7), serial);

        var certPath = Path.Combine(directory, "tls.crt");
        var keyPath = Path.Combine(directory, "tls.key");
        File.WriteAllText(certPath, server.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        return new Tls(X509CertificateLoader.LoadCertificate(ca.RawData), certPath, keyPath);
    }

    /// <summary>A self-signed RSA certificate with its key, for signing registry tokens (RS256 with x5c).</summary>
    public static X509Certificate2 CreateTokenSigner()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=kubectl-klutch test token issuer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
    }
}
