using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubectlKlutch.Kube;

/// <summary>A cluster's `certificate-authority` file: every certificate of a PEM bundle (as kubectl), or one DER certificate.</summary>
internal static class CertificateAuthorityFile
{
    public static X509Certificate2Collection Load(string path, string cluster)
    {
        var file = $"the certificate-authority file {path} of cluster \"{cluster}\"";
        if (!File.Exists(path))
            throw new KubeException(KubeFailure.Config, $"{file} does not exist: fix the path in the kubeconfig");
        try
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(path);
            if (roots.Count == 0) roots.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            return roots;
        }
        catch (UnauthorizedAccessException)
        {
            throw new KubeException(KubeFailure.Config, $"{file} cannot be read (permission denied): check its permissions");
        }
        catch (CryptographicException)
        {
            throw new KubeException(KubeFailure.Config, $"{file} holds no certificate: point it at the cluster's CA in PEM");
        }
    }
}
