using System.Text.Json.Nodes;
using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Upgrade;

/// <summary>
/// The one field that holds a component's version, and the patch that changes only it: what
/// `kubectl set image` does to a Deployment, what the product page's `kubectl patch --type
/// merge` does to a package. The patch also records the replaced reference in the plugin's
/// own annotation (so that a rollback is one command) and carries the resourceVersion it was
/// planned against, so that a concurrent change makes the server answer 409 instead of
/// silently mixing two edits.
/// </summary>
public abstract record VersionedField(ApiResource Resource, string? Namespace, string Name, string? Current, string? RollbackTo)
{
    /// <summary>The plugin's annotation: the reference the last upgrade replaced.</summary>
    public const string RollbackAnnotation = "klutch.anynines.com/rollback-to";

    public abstract string Path { get; }
    public abstract string PatchType { get; }
    protected abstract JsonObject Spec(string reference);

    public string ObjectPath => Resource.ObjectPath(Namespace, Name);

    /// <summary>The field's value in the live object, and the resourceVersion it was read at.</summary>
    public abstract Task<(string? Value, string? ResourceVersion)> ReadAsync(KubeClient client, CancellationToken ct);

    /// <summary>Sends the patch; returns the value the server stored (or, with dryRun, would store).</summary>
    public abstract Task<string?> PatchAsync(KubeClient client, string reference, string? resourceVersion, bool dryRun, CancellationToken ct);

    public static VersionedField For(Observation o) => o switch
    {
        DeploymentObservation d => new ContainerImage(d.Deployment.Metadata.Namespace, d.Deployment.Metadata.Name,
            d.Container?.Name ?? d.Workload.Container, d.Container?.Image, d.Deployment.Metadata.Annotation(RollbackAnnotation)),
        PackageObservation p => new PackageReference(p.Resource, p.Package.Metadata.Name, p.Package.Spec.Package, p.Package.Metadata.Annotation(RollbackAnnotation)),
        _ => throw new ArgumentException($"{o.Component.Name} has no object to patch", nameof(o)),
    };

    public string Patch(string reference, string? resourceVersion, bool recordRollback = true)
    {
        var metadata = new JsonObject();
        if (recordRollback && Current is not null) metadata["annotations"] = new JsonObject { [RollbackAnnotation] = Current };
        if (resourceVersion is not null) metadata["resourceVersion"] = resourceVersion;
        var patch = new JsonObject();
        if (metadata.Count > 0) patch["metadata"] = metadata;
        patch["spec"] = Spec(reference);
        return patch.ToJsonString();
    }
}

/// <summary>The image of one container of a Deployment, by a strategic merge patch keyed on the container name.</summary>
public sealed record ContainerImage(string? Namespace, string Name, string Container, string? Current, string? RollbackTo)
    : VersionedField(ApiResource.Deployments, Namespace, Name, Current, RollbackTo)
{
    public override string Path => $"spec.template.spec.containers[name={Container}].image";
    public override string PatchType => "application/strategic-merge-patch+json";

    public override async Task<(string?, string?)> ReadAsync(KubeClient client, CancellationToken ct) =>
        Read(await client.GetAsync(ObjectPath, KubeJson.Default.Deployment, ct));

    public override async Task<string?> PatchAsync(KubeClient client, string reference, string? resourceVersion, bool dryRun, CancellationToken ct) =>
        Read(await client.PatchAsync(ObjectPath, Patch(reference, resourceVersion), PatchType, dryRun, KubeJson.Default.Deployment, ct)).Item1;

    private (string?, string?) Read(Deployment d) => (d.Container(Container)?.Image, d.Metadata.ResourceVersion);

    protected override JsonObject Spec(string reference) => new()
    {
        ["template"] = new JsonObject
        {
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = Container, ["image"] = reference }) },
        },
    };
}

/// <summary>`spec.package` of a Crossplane package, by a JSON merge patch as on the product page.</summary>
public sealed record PackageReference(ApiResource Resource, string Name, string? Current, string? RollbackTo)
    : VersionedField(Resource, null, Name, Current, RollbackTo)
{
    public override string Path => "spec.package";
    public override string PatchType => "application/merge-patch+json";

    public override async Task<(string?, string?)> ReadAsync(KubeClient client, CancellationToken ct) =>
        Read(await client.GetAsync(ObjectPath, KubeJson.Default.Package, ct));

    public override async Task<string?> PatchAsync(KubeClient client, string reference, string? resourceVersion, bool dryRun, CancellationToken ct) =>
        Read(await client.PatchAsync(ObjectPath, Patch(reference, resourceVersion), PatchType, dryRun, KubeJson.Default.Package, ct)).Item1;

    private static (string?, string?) Read(Package p) => (p.Spec.Package, p.Metadata.ResourceVersion);

    protected override JsonObject Spec(string reference) => new() { ["package"] = reference };
}
