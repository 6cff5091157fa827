using System.Text.Json;
using System.Text.Json.Nodes;
using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube;

namespace KubectlKlutch.Upgrade;

/// <summary>
/// The one field that holds a component's version, as plain data: which object, where in it,
/// what it holds now, and the patch that changes only it: what `kubectl set image` does to a
/// Deployment, what the product page's `kubectl patch --type merge` does to a package. The
/// patch also keeps the plugin's own record of what it replaced (so that a rollback is one
/// command) and carries the resourceVersion it was planned against, so that a concurrent change
/// makes the server answer 409 instead of silently mixing two edits. Reading and writing it is
/// the applier's job; this type never talks to a cluster.
/// </summary>
public sealed record VersionedField(ApiResource Resource, string? Namespace, string Name, FieldPath Path, string PatchType, string? Current, string? RollbackTo, string? RolledBackFrom)
{
    /// <summary>The plugin's annotation: the reference the last upgrade replaced, where `rollback` goes.</summary>
    public const string RollbackAnnotation = "klutch.anynines.com/rollback-to";

    /// <summary>Set by a rollback instead: the reference it went back from, so that a second rollback does not flip back to it.</summary>
    public const string RolledBackFromAnnotation = "klutch.anynines.com/rolled-back-from";

    public const string StrategicMerge = "application/strategic-merge-patch+json";
    public const string MergePatch = "application/merge-patch+json";

    public string ObjectPath => Resource.ObjectPath(Namespace, Name);

    /// <summary>`klutch-bind/konnector`, or the name alone for a cluster-scoped object.</summary>
    public string Where => Namespace is null ? Name : $"{Namespace}/{Name}";

    /// <summary>What the change log tells operators to run to remove a duplicate left behind.</summary>
    public string DeleteCommand => Namespace is null
        ? $"'kubectl delete {Resource.Kind.ToLowerInvariant()} {Name}'"
        : $"'kubectl delete -n {Namespace} {Resource.Kind.ToLowerInvariant()} {Name}'";

    public static VersionedField For(Observation o) => o switch
    {
        DeploymentObservation d => new(ApiResource.Deployments, d.Deployment.Metadata.Namespace, d.Deployment.Metadata.Name,
            ContainerImage(d.Container?.Name ?? d.Workload.Container), StrategicMerge, d.Container?.Image,
            d.Deployment.Metadata.Annotation(RollbackAnnotation), d.Deployment.Metadata.Annotation(RolledBackFromAnnotation)),
        PackageObservation p => new(p.Resource, null, p.Package.Metadata.Name, PackageReference, MergePatch, p.Package.Spec.Package,
            p.Package.Metadata.Annotation(RollbackAnnotation), p.Package.Metadata.Annotation(RolledBackFromAnnotation)),
        _ => throw new ArgumentException($"{o.Component.Name} has no object to patch", nameof(o)),
    };

    /// <summary>The first object found for a component, if any: what "latest" and `versions` look at.</summary>
    public static VersionedField? FirstFound(ClusterSnapshot snapshot, Component component) =>
        snapshot.Found(component).Select(For).FirstOrDefault();

    /// <summary>The image of one container of a Deployment (strategic merge keys containers by name).</summary>
    public static FieldPath ContainerImage(string container) => FieldPath.Of(
        new FieldSegment("spec"), new FieldSegment("template"), new FieldSegment("spec"), new FieldSegment("containers"),
        new ListEntrySegment("name", container), new FieldSegment("image"));

    public static readonly FieldPath PackageReference = FieldPath.Fields("spec.package");

    /// <summary>The resourceVersion the values were read at (null for a plan made from the snapshot).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>The same field as it stands in an object the API server sent (a fresh GET, or a patch's answer).</summary>
    public VersionedField ReadFrom(JsonElement live) => this with
    {
        Current = Path.ValueIn(live),
        RollbackTo = Annotation(live, RollbackAnnotation),
        RolledBackFrom = Annotation(live, RolledBackFromAnnotation),
        ResourceVersion = FieldPath.Fields("metadata.resourceVersion").ValueIn(live),
    };

    /// <summary>
    /// The patch that sets the field to <paramref name="reference"/>, pinned to this read's
    /// resourceVersion. An upgrade records the value it replaces, where `rollback` goes; a
    /// rollback records where it came from instead and clears the way back, so that running it
    /// again does not return to the version that just failed. Nothing else in the object changes.
    /// </summary>
    public string Patch(string reference, ChangeKind kind = ChangeKind.Upgrade)
    {
        var annotations = new JsonObject();
        if (Current is not null)
        {
            var (record, clear) = kind == ChangeKind.Upgrade
                ? (RollbackAnnotation, RolledBackFrom is null ? null : RolledBackFromAnnotation)
                : (RolledBackFromAnnotation, RollbackTo is null ? null : RollbackAnnotation);
            annotations[record] = Current;
            if (clear is not null) annotations[clear] = null;
        }
        var metadata = new JsonObject();
        if (annotations.Count > 0) metadata["annotations"] = annotations;
        if (ResourceVersion is not null) metadata["resourceVersion"] = ResourceVersion;
        var patch = new JsonObject();
        if (metadata.Count > 0) patch["metadata"] = metadata;
        foreach (var (name, value) in Path.PatchBody(reference).ToList())
        {
            patch[name] = value?.DeepClone();
        }
        return patch.ToJsonString();
    }

    private static string? Annotation(JsonElement live, string key) =>
        FieldPath.Of(new FieldSegment("metadata"), new FieldSegment("annotations"), new FieldSegment(key)).ValueIn(live);
}
