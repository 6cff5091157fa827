using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>What trust tests change in a test server's kubeconfig: its CA data, or a CA that signed nothing of it.</summary>
public static class KubeconfigEdits
{
    /// <summary>The server's certificate-authority-data, base64 as the kubeconfig holds it.</summary>
    public static string CaData(TestApiServer server) =>
        File.ReadAllLines(server.KubeconfigPath).Select(l => l.Trim()).First(l => l.StartsWith("certificate-authority-data:"))["certificate-authority-data: ".Length..];

    /// <summary>A self-signed CA that signed nothing the test servers present, as PEM.</summary>
    public static string ForeignCaPem()
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest("CN=someone-else", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return ca.ExportCertificatePem();
    }

    public static string Base64(string pem) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(pem));
}
