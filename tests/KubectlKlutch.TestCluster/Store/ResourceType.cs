using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>One served resource: what discovery lists and what the handler routes by.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    string[] Verbs,
    string[] ShortNames,
    bool Custom,
    string[] Categories,
    JsonArray? PrinterColumns = null,
    bool HasStatus = false)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Storage is per group and resource, not per version: v1 and v1beta1 Functions are the same objects.</summary>
    public string StorageKey => $"{Group}/{Plural}";

    /// <summary>"deployments.apps" or "pods": how Kubernetes names the resource in error messages.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string Singular => Kind.ToLowerInvariant();

    public static readonly string[] AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static readonly string[] CreateOnly = ["create"];
}

/// <summary>
/// The resources this server knows: built-in Kubernetes kinds always, and custom kinds only while
/// their CustomResourceDefinition exists — a cluster without Crossplane must not serve
/// providers.pkg.crossplane.io, or role detection in the plugin would be tested against a lie.
/// </summary>
internal sealed class ResourceRegistry
{
    private static readonly ResourceType[] BuiltIn =
    [
        new("", "v1", "namespaces", "Namespace", false, ResourceType.AllVerbs, ["ns"], false, [], HasStatus: true),
        new("", "v1", "pods", "Pod", true, ResourceType.AllVerbs, ["po"], false, ["all"], HasStatus: true),
        new("", "v1", "events", "Event", true, ResourceType.AllVerbs, ["ev"], false, []),
        new("", "v1", "serviceaccounts", "ServiceAccount", true, ResourceType.AllVerbs, ["sa"], false, []),
        new("", "v1", "configmaps", "ConfigMap", true, ResourceType.AllVerbs, ["cm"], false, []),
        new("", "v1", "secrets", "Secret", true, ResourceType.AllVerbs, [], false, []),
        new("", "v1", "services", "Service", true, ResourceType.AllVerbs, ["svc"], false, ["all"], HasStatus: true),
        new("apps", "v1", "deployments", "Deployment", true, ResourceType.AllVerbs, ["deploy"], false, ["all"], HasStatus: true),
        new("apps", "v1", "replicasets", "ReplicaSet", true, ResourceType.AllVerbs, ["rs"], false, ["all"], HasStatus: true),
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false,
            ResourceType.AllVerbs, ["crd", "crds"], false, ["api-extensions"], HasStatus: true),
        new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false,
            ResourceType.CreateOnly, [], false, []),
        new("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", false,
            ResourceType.CreateOnly, [], false, []),
    ];

    private readonly Func<IEnumerable<JsonObject>> _crds;

    public ResourceRegistry(Func<IEnumerable<JsonObject>> crds) => _crds = crds;

    /// <summary>Every served resource, built-ins first, then one entry per served CRD version.</summary>
    public IReadOnlyList<ResourceType> All()
    {
        var list = new List<ResourceType>(BuiltIn);
        foreach (var crd in _crds())
        {
            list.AddRange(FromCrd(crd));
        }
        return list;
    }

    public ResourceType? Find(string group, string version, string plural) =>
        All().FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public ResourceType? FindKind(string apiVersion, string kind)
    {
        var (group, version) = SplitApiVersion(apiVersion);
        return All().FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind)
               ?? All().FirstOrDefault(t => t.Group == group && t.Kind == kind);
    }

    public static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/');
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    private static IEnumerable<ResourceType> FromCrd(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        if (spec == null)
        {
            yield break;
        }
        var group = spec.Str("group") ?? "";
        var plural = spec.Str("names.plural") ?? "";
        var kind = spec.Str("names.kind") ?? "";
        var namespaced = spec.Str("scope") == "Namespaced";
        var shortNames = (spec.At("names.shortNames") as JsonArray)?.Select(n => n!.GetValue<string>()).ToArray() ?? [];
        var categories = (spec.At("names.categories") as JsonArray)?.Select(n => n!.GetValue<string>()).ToArray() ?? [];
        foreach (var v in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (v["served"] is JsonValue served && served.TryGetValue<bool>(out var s) && !s)
            {
                continue;
            }
            yield return new ResourceType(group, v.Str("name") ?? "v1", plural, kind, namespaced, ResourceType.AllVerbs,
                shortNames, true, categories, v["additionalPrinterColumns"] as JsonArray,
                v.At("subresources.status") != null);
        }
    }
}
