using System.Collections.Concurrent;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// RBAC as a deny list: everything is allowed for the token's user except what a test denies.
/// That is the shape of the failures the plugin must report (one missing permission), without a
/// Role/RoleBinding engine.
/// </summary>
public sealed class RbacRules
{
    private readonly ConcurrentDictionary<(string Verb, string Resource, string Group), bool> _denied = new();

    /// <summary>Denies a verb on a resource of an API group; "*" matches anything in that position.</summary>
    public void Deny(string verb, string resource, string group = "") => _denied[(verb, resource, group)] = true;

    public void Reset() => _denied.Clear();

    public bool IsAllowed(string verb, string resource, string group) =>
        !_denied.Keys.Any(d => Match(d.Verb, verb) && Match(d.Resource, resource) && Match(d.Group, group));

    private static bool Match(string pattern, string value) => pattern == "*" || pattern == value;
}
