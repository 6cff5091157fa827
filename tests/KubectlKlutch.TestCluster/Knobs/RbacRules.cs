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

    private volatile string[]? _confinedTo;

    /// <summary>
    /// The user holds Roles in these namespaces only, as app teams often do: namespaced requests
    /// elsewhere, lists across namespaces and cluster-scoped resources are forbidden. Access and
    /// identity reviews stay allowed, as for every authenticated user of a real server.
    /// </summary>
    public void ConfineTo(params string[] namespaces) => _confinedTo = namespaces;

    public void Reset()
    {
        _denied.Clear();
        _confinedTo = null;
    }

    /// <summary>Whether the verb is allowed; <paramref name="ns"/> is the request's namespace (null: cluster scope or across namespaces).</summary>
    public bool IsAllowed(string verb, string resource, string group, string? ns = null) =>
        !_denied.Keys.Any(d => Match(d.Verb, verb) && Match(d.Resource, resource) && Match(d.Group, group))
        && (_confinedTo is not { } confined || group is "authorization.k8s.io" or "authentication.k8s.io" || (ns is not null && confined.Contains(ns)));

    private static bool Match(string pattern, string value) => pattern == "*" || pattern == value;
}
