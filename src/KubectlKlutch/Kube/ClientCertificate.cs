using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace KubectlKlutch.Kube;

/// <summary>The kubeconfig's client certificate (inline data or files), as one X509 with its key.</summary>
internal static class ClientCertificate
{
    public static X509Certificate2? Load(KubernetesClientConfiguration config)
    {
        string? cert = null, key = null;
        if (!string.IsNullOrEmpty(config.ClientCertificateData) && !string.IsNullOrEmpty(config.ClientCertificateKeyData))
        {
            cert = Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateData));
            key = Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateKeyData));
        }
        else if (!string.IsNullOrEmpty(config.ClientCertificateFilePath) && !string.IsNullOrEmpty(config.ClientKeyFilePath))
        {
            cert = File.ReadAllText(config.ClientCertificateFilePath);
            key = File.ReadAllText(config.ClientKeyFilePath);
        }
        if (cert is null || key is null) return null;
        using var pem = X509Certificate2.CreateFromPem(cert, key);
        // Linux TLS needs the key in an exportable store form to present it.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
