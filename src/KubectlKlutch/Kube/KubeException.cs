namespace KubectlKlutch.Kube;

public enum KubeFailure
{
    /// <summary>The kubeconfig or the flags that choose from it are wrong: the user must fix their input.</summary>
    Config,
    Unreachable,
    Timeout,
    UntrustedCertificate,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    /// <summary>410: a watch's resourceVersion is too old to resume from.</summary>
    Gone,
    Invalid,
    ServerError,
    /// <summary>The server answered, but not as a Kubernetes API server does (a wrong URL in the kubeconfig).</summary>
    NotKubernetes,
}

/// <summary>
/// A failure talking to the cluster, with a message that is one sentence saying what was wrong
/// and what to do. It never carries a credential.
/// </summary>
public sealed class KubeException(KubeFailure failure, string message, Exception? inner = null) : OperationFailedException(message, inner)
{
    public KubeFailure Failure { get; } = failure;

    public override bool IsInputError => Failure == KubeFailure.Config;
}
