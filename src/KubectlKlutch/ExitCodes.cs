namespace KubectlKlutch;

/// <summary>Every exit code of the plugin, in one place (the table in README.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The operation failed: the cluster could not be read, an API error, a rollout failed or timed out.</summary>
    public const int Failed = 1;
    /// <summary>Bad usage or bad input: unknown verb or component, malformed version, broken kubeconfig or unknown context.</summary>
    public const int Usage = 2;
    /// <summary>`status` and checks: something is unhealthy, missing, or there is no Klutch here.</summary>
    public const int Unhealthy = 3;
    /// <summary>`status` and checks: warnings only.</summary>
    public const int Warnings = 4;
    /// <summary>Interrupted with Ctrl-C (128 + SIGINT, as a shell reports it).</summary>
    public const int Interrupted = 130;
}
