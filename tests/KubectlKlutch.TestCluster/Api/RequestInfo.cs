namespace KubectlKlutch.TestCluster;

/// <summary>A request URL decoded the way the API server's RequestInfoFactory does it.</summary>
internal sealed record RequestInfo(
    bool IsResource,
    string Verb,
    string Group,
    string Version,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    ResourceType? Type)
{
    public static RequestInfo Parse(string method, string path, bool watch, ResourceRegistry registry)
    {
        var segs = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        string[] rest;
        if (segs.Length >= 2 && segs[0] == "api")
        {
            (group, version, rest) = ("", segs[1], segs[2..]);
        }
        else if (segs.Length >= 3 && segs[0] == "apis")
        {
            (group, version, rest) = (segs[1], segs[2], segs[3..]);
        }
        else
        {
            return NonResource(method);
        }
        if (rest.Length == 0)
        {
            return NonResource(method) with { Group = group, Version = version };
        }
        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && registry.Find(group, version, rest[2]) is { Namespaced: true })
        {
            ns = rest[1];
            rest = rest[2..];
        }
        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var sub = rest.Length > 2 ? rest[2] : null;
        var type = registry.Find(group, version, resource);
        var verb = method switch
        {
            "GET" or "HEAD" => name != null ? "get" : watch ? "watch" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name != null ? "delete" : "deletecollection",
            _ => method.ToLowerInvariant(),
        };
        return new RequestInfo(true, verb, group, version, resource, sub, ns, name, type);
    }

    private static RequestInfo NonResource(string method) =>
        new(false, method.ToLowerInvariant(), "", "", "", null, null, null, null);
}
