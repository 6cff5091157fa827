using System.Security.Cryptography.X509Certificates;

namespace KubectlKlutch.Net;

/// <summary>
/// The one rule for trusting given roots instead of the machine's: a kubeconfig's CA for its
/// cluster, an extra root for a registry mirror. No revocation lookups and no downloads, as
/// kubectl does for a cluster's CA: a CLI must not wait on a CRL server it was never told of.
/// </summary>
public static class CustomRoots
{
    public static X509ChainPolicy Policy(IEnumerable<X509Certificate2> roots)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        foreach (var root in roots) policy.CustomTrustStore.Add(root);
        return policy;
    }
}
