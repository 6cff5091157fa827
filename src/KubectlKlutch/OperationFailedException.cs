namespace KubectlKlutch;

/// <summary>
/// The operation could not be carried out: a cluster or a registry did not answer, refused, or
/// answered something else than expected. The message is one sentence for people and never
/// carries a credential. Decisions (a refusal, a blocked plan) are values, never these.
/// </summary>
public abstract class OperationFailedException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The cause is the operator's input (a broken kubeconfig, an unknown context): exit 2 rather than 1.</summary>
    public virtual bool IsInputError => false;
}
