using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Tests.Snapshots;

/// <summary>
/// Hand-built clusters for table tests, with no API server: what the inventory would have read,
/// as the Kube.Objects views. Every object is settled and healthy unless a case says otherwise,
/// so that a case states only what it is about:
/// <code>
/// new SnapshotBuilder()
///     .Deployment("konnector", Images.Konnector("v1.2.0"), ns: "kube-bind")
///     .Package("provider-anynines", Images.Provider("v1.3.1"), runs: Images.Provider("v1.3.0"))
///     .Missing("backend")
///     .Build();
/// </code>
/// Components are named as the catalog names them; observations keep the order they are added in.
/// </summary>
public sealed class SnapshotBuilder
{
    /// <summary>When every hand-built object was created.</summary>
    public static readonly DateTimeOffset Created = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<Observation> observations = [];

    /// <summary>
    /// The component's Deployment, rolled out: `replicas` desired, updated, ready and available.
    /// `ns` defaults to the component's newest namespace and `name` to its newest name; `change`
    /// edits the view (an annotation, a status half way through a rollout).
    /// </summary>
    public SnapshotBuilder Deployment(string component, string image, string? ns = null, string? name = null, int replicas = 2,
        Func<Deployment, Deployment>? change = null, IReadOnlyList<Pod>? pods = null)
    {
        var entry = Find(component);
        var workload = (DeploymentWorkload)entry.Workload;
        var deployment = Views.Deployment(ns ?? workload.Namespaces[0], name ?? workload.Names[0], workload.Container, image, replicas);
        observations.Add(new DeploymentObservation(entry, change is null ? deployment : change(deployment), pods ?? []));
        return this;
    }

    /// <summary>
    /// The component's Crossplane package requesting `package`, whose active revision runs
    /// `runs` (by default the package itself: installed and healthy). When the two differ, the
    /// revision of the requested package is there too: unhealthy with `failure` (a reason and
    /// message, as Crossplane reports an image it cannot unpack), or still unpacking when null.
    /// </summary>
    public SnapshotBuilder Package(string component, string package, string? runs = null, string? name = null,
        (string Reason, string Message)? failure = null, Func<Package, Package>? change = null)
    {
        var entry = Find(component);
        var workload = (PackageWorkload)entry.Workload;
        var packageName = name ?? workload.Names[0];
        var active = Views.Revision(packageName, runs ?? package, 1, "Active", Views.Condition("Healthy", "True", "HealthyPackageRevision"));
        List<PackageRevision> revisions = [active];
        if (runs is not null && runs != package)
            revisions.Add(failure is { } f
                ? Views.Revision(packageName, package, 2, "Inactive", Views.Condition("Healthy", "False", f.Reason, f.Message))
                : Views.Revision(packageName, package, 2, "Inactive"));
        var found = Views.Package(packageName, package, active);
        observations.Add(new PackageObservation(entry, change is null ? found : change(found), workload.Resources[0], revisions));
        return this;
    }

    /// <summary>The inventory looked everywhere the catalog says and found nothing.</summary>
    public SnapshotBuilder Missing(string component)
    {
        observations.Add(new MissingObservation(Find(component)));
        return this;
    }

    /// <summary>The inventory was not allowed to look (the reason names the denied permission).</summary>
    public SnapshotBuilder Unreadable(string component, string reason)
    {
        observations.Add(new UnreadableObservation(Find(component), reason));
        return this;
    }

    public ClusterSnapshot Build() => new([.. observations]);

    private static Component Find(string component) =>
        ComponentCatalog.Find(component) ?? throw new ArgumentException($"no component {component} in the catalog", nameof(component));
}

/// <summary>The objects themselves, settled and healthy, for a case that needs one outside a snapshot.</summary>
public static class Views
{
    /// <summary>A Deployment whose controller has seen its spec and finished the rollout.</summary>
    public static Deployment Deployment(string ns, string name, string container, string image, int replicas = 2) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Uid = $"uid-{ns}-{name}", Generation = 1, CreationTimestamp = SnapshotBuilder.Created },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector(new() { ["app"] = name }),
            Template = new PodTemplate { Spec = new PodSpec { Containers = [new Container(container, image)] } },
        },
        Status = new DeploymentStatus
        {
            ObservedGeneration = 1, Replicas = replicas, UpdatedReplicas = replicas, ReadyReplicas = replicas, AvailableReplicas = replicas,
            Conditions =
            [
                Condition("Available", "True", "MinimumReplicasAvailable"),
                Condition("Progressing", "True", "NewReplicaSetAvailable") with { LastUpdateTime = SnapshotBuilder.Created },
            ],
        },
    };

    /// <summary>A package whose `active` revision is current, Installed and Healthy.</summary>
    public static Package Package(string name, string package, PackageRevision active) => new()
    {
        Metadata = new ObjectMeta { Name = name, Uid = "uid-" + name, Generation = 1, CreationTimestamp = SnapshotBuilder.Created },
        Spec = new PackageSpec { Package = package },
        Status = new PackageStatus
        {
            CurrentRevision = active.Metadata.Name,
            CurrentIdentifier = active.Spec.Image,
            Conditions = [Condition("Installed", "True", "ActivePackageRevision"), Condition("Healthy", "True", "HealthyPackageRevision")],
        },
    };

    /// <summary>A revision of the package `package` names, labelled as Crossplane labels it.</summary>
    public static PackageRevision Revision(string package, string image, long number, string desiredState, params Condition[] conditions) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = $"{package}-{number}", Labels = new() { ["pkg.crossplane.io/package"] = package }, CreationTimestamp = SnapshotBuilder.Created,
        },
        Spec = new PackageRevisionSpec { Image = image, Revision = number, DesiredState = desiredState },
        Status = new PackageStatus { Conditions = [.. conditions] },
    };

    /// <summary>A pod of a rollout whose container waits for `reason` (ImagePullBackOff, CrashLoopBackOff).</summary>
    public static Pod Waiting(string name, string container, string reason, string? message = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, CreationTimestamp = SnapshotBuilder.Created },
        Status = new PodStatus
        {
            Phase = "Pending",
            ContainerStatuses = [new ContainerStatus { Name = container, State = new ContainerState(new ContainerStateDetail(reason, message), null) }],
        },
    };

    public static Condition Condition(string type, string status, string? reason = null, string? message = null) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = SnapshotBuilder.Created };
}

/// <summary>Image and package references of Klutch's releases, by tag.</summary>
public static class Images
{
    public const string Klutch = "public.ecr.aws/w5n9a2g2/klutch/";
    public const string Legacy = "public.ecr.aws/w5n9a2g2/anynines/";

    public static string Konnector(string tag) => Klutch + "konnector:" + tag;
    public static string Provider(string tag) => Klutch + "provider-anynines:" + tag;
    public static string DataServices(string tag) => Klutch + "dataservices:" + tag;
    public static string Backend(string tag) => Klutch + "example-backend:" + tag;
    public static string Crossplane(string tag) => "xpkg.upbound.io/crossplane/crossplane:" + tag;
    public static string ProviderKubernetes(string tag) => "xpkg.upbound.io/crossplane-contrib/provider-kubernetes:" + tag;
    public static string PatchAndTransform(string tag) => "xpkg.upbound.io/crossplane-contrib/function-patch-and-transform:" + tag;
}
