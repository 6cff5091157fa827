namespace KubectlKlutch.Registry;

/// <summary>What went wrong talking to a registry, so that callers can choose an exit code or a fallback.</summary>
public enum RegistryFailure
{
    /// <summary>No connection: refused, unknown host, or a TLS handshake that failed.</summary>
    Unreachable,
    /// <summary>No answer within the configured timeout.</summary>
    Timeout,
    /// <summary>401: credentials are missing, or the registry rejected them.</summary>
    Unauthorized,
    /// <summary>403: the credentials are valid but may not pull this repository.</summary>
    Forbidden,
    /// <summary>404: the repository or the tag does not exist.</summary>
    NotFound,
    /// <summary>429 again after waiting once.</summary>
    RateLimited,
    /// <summary>The answer could not be understood (bad JSON, missing digest, bad link).</summary>
    Malformed,
    /// <summary>The tag list's next-page links went round in a circle.</summary>
    PageLoop,
    /// <summary>The token service of a bearer challenge failed or gave no token.</summary>
    TokenFailed,
    /// <summary>Any other status, such as a 5xx from the registry.</summary>
    ServerError,
    /// <summary>Docker's config or one of its credential helpers could not give the credentials it names.</summary>
    CredentialsUnavailable,
}

/// <summary>
/// A registry request that failed. <see cref="Exception.Message"/> is one sentence for people:
/// what was wrong and what to do, naming the registry host and the repository, never a credential.
/// </summary>
public sealed class RegistryException : OperationFailedException
{
    public RegistryException(RegistryFailure failure, string host, string repository, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Host = host;
        Repository = repository;
    }

    public RegistryFailure Failure { get; }

    /// <summary>The registry host that was contacted (after any mirror rewrite).</summary>
    public string Host { get; }

    /// <summary>The repository that was asked for (after any mirror rewrite).</summary>
    public string Repository { get; }
}
