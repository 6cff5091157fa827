namespace KubectlKlutch.Kube;

/// <summary>A Kubernetes resource type and how its URLs are built.</summary>
public sealed record ApiResource(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public static readonly ApiResource Deployments = new("apps", "v1", "deployments", "Deployment", true);
    public static readonly ApiResource Pods = new("", "v1", "pods", "Pod", true);
    public static readonly ApiResource Events = new("", "v1", "events", "Event", true);
    public static readonly ApiResource SelfSubjectAccessReviews = new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false);
    public static readonly ApiResource SelfSubjectReviews = new("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", false);

    /// <summary>`deployments.apps`, as kubectl and RBAC messages name it.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public ApiResource WithVersion(string version) => this with { Version = version };

    public string CollectionPath(string? ns) =>
        (Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}")
        + (Namespaced && ns is not null ? $"/namespaces/{Uri.EscapeDataString(ns)}" : "")
        + "/" + Plural;

    public string ObjectPath(string? ns, string name) => CollectionPath(ns) + "/" + Uri.EscapeDataString(name);

    public string ListPath(string? ns, string? labelSelector = null, string? fieldSelector = null)
    {
        var query = new List<string>();
        if (labelSelector is not null) query.Add("labelSelector=" + Uri.EscapeDataString(labelSelector));
        if (fieldSelector is not null) query.Add("fieldSelector=" + Uri.EscapeDataString(fieldSelector));
        return CollectionPath(ns) + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}
