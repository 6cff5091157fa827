using KubectlKlutch.Kube;

namespace KubectlKlutch.Session;

/// <summary>Where kubeconfigs come from, as kubectl finds them: --kubeconfig, else the KUBECONFIG files, else ~/.kube/config.</summary>
public sealed record KubeconfigSource(string? ExplicitPath, string? Variable, string Home)
{
    public Kubeconfig Load() => Kubeconfig.Load(ExplicitPath, Variable, Home);

    /// <summary>The context names, for completion: never a request, never an error.</summary>
    public IEnumerable<string> ContextNames()
    {
        try
        {
            return Load().ContextNames;
        }
        catch (KubeException)
        {
            return [];
        }
    }
}
