namespace KubectlKlutch.TestCluster;

/// <summary>One request as the server understood it, for assertions such as "the plugin never wrote".</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    string Verb,
    string Group,
    string Resource,
    string? Namespace,
    string? Name,
    bool DryRun,
    int StatusCode)
{
    /// <summary>The Impersonate-* headers, as "name: value" with the name in lower case, in the order sent.</summary>
    public IReadOnlyList<string> Impersonation { get; init; } = [];

    internal static readonly string[] MutatingVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    /// <summary>True for a write that changed (or tried to change) state: not a read, not a dry run.</summary>
    public bool IsWrite => !DryRun && MutatingVerbs.Contains(Verb) &&
                           Resource is not ("selfsubjectaccessreviews" or "selfsubjectreviews");
}
