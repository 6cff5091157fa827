using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Plays Crossplane's package manager for Providers, Configurations and Functions, as the
/// cluster's Crossplane version does it (<see cref="CrossplaneRelease"/>). When spec.package
/// names a package no revision runs yet, one step fetches it and creates its revision, the next
/// activates it (old revisions go Inactive and lose their runtime, currentRevision and
/// currentIdentifier move, a provider or function gets a runtime Deployment named after the
/// revision), the next ones report its health, derived onto the package.
///
/// A package that cannot be fetched (missing tag, no pull rights) makes no revision: the package
/// says Installed=False, reason UnpackingPackage, with the registry's error, a Warning event
/// UnpackPackage is recorded, and from v2.2 on Healthy=False too; before it the package keeps the
/// old revision's Healthy=True (crossplane issue 4196). A package marked unpackable fails the older
/// way instead: a new revision that says Healthy=False, reason UnpackPackage.
/// </summary>
internal sealed class PackageController(TestApiServer server)
{
    private static readonly (string Plural, string RevisionPlural)[] Kinds =
    [
        ("providers", "providerrevisions"),
        ("configurations", "configurationrevisions"),
        ("functions", "functionrevisions"),
    ];

    private ClusterState State => server.State;

    public void Step()
    {
        var types = State.Types.All();
        var release = CrossplaneRelease.Of(State);
        foreach (var (plural, revisionPlural) in Kinds)
        {
            var type = Preferred(types, plural);
            var revisionType = Preferred(types, revisionPlural);
            if (type == null || revisionType == null)
            {
                continue;
            }
            foreach (var package in State.ListOf(type, null))
            {
                Reconcile(release, type, package, revisionType);
            }
        }
    }

    private static ResourceType? Preferred(IReadOnlyList<ResourceType> types, string plural) =>
        types.Where(t => t.Group == "pkg.crossplane.io" && t.Plural == plural)
            .OrderByDescending(t => Discovery.VersionPriority(t.Version)).FirstOrDefault();

    private static string Component(JsonObject package) => "packages/" + package.Str("kind")!.ToLowerInvariant() + ".pkg.crossplane.io";

    private void Reconcile(CrossplaneRelease release, ResourceType type, JsonObject package, ResourceType revisionType)
    {
        var now = State.Clock();
        var packageRef = package.Str("spec.package");
        if (string.IsNullOrEmpty(packageRef))
        {
            return;
        }
        var kind = package.Str("kind")!;
        var uid = package.Str("metadata.uid");
        var generation = release.V2Conditions ? package.Long("metadata.generation") ?? 1 : (long?)null;
        var (resolved, imageConfig) = release.ImageConfigs ? ImageConfigs.Resolve(State, packageRef) : (packageRef, null);
        var revisions = State.ListOf(revisionType, null)
            .Where(r => (r.At("metadata.ownerReferences") as JsonArray)?.OfType<JsonObject>().Any(o => o.Str("uid") == uid) == true)
            .ToList();
        var target = revisions.FirstOrDefault(r => r.Str("spec.image") == packageRef);
        var fault = server.Images.PackageFaultOf(resolved);

        if (target == null)
        {
            if (fault is PackageFault.Missing or PackageFault.Unauthorized)
            {
                FailToFetch(release, type, package, resolved, imageConfig, fault, generation, now);
                return;
            }
            var number = revisions.Select(r => r.Long("spec.revision") ?? 0).DefaultIfEmpty(0).Max() + 1;
            var revision = Packages.NewRevision(package, packageRef, number, now);
            revision.Obj("status")["resolvedImage"] = resolved;
            if (fault == PackageFault.Unpackable)
            {
                revision.SetCondition("Healthy", "False", "UnpackPackage", UnpackError(resolved, fault), now);
                Events.Record(State, package, "Warning", "InstallPackageRevision",
                    $"cannot install package revision: {UnpackError(resolved, fault)}", Component(package));
            }
            State.Put(revision);
            return;
        }
        if (fault == PackageFault.Unpackable)
        {
            return;
        }

        var others = revisions.Where(r => r.Name() != target.Name()).ToList();
        if (target.Str("spec.desiredState") != "Active" || others.Any(r => r.Str("spec.desiredState") == "Active") ||
            package.Str("status.currentRevision") != target.Name() || package.Condition("Installed")?.Str("status") != "True")
        {
            Activate(release, type, revisionType, package, target, others, resolved, imageConfig, generation, now);
            return;
        }

        var runtime = Packages.HasRuntime(kind) && release.Runtimes
            ? State.Get("apps/v1", "Deployment", Packages.RuntimeNamespace, target.Name())
            : null;
        if (Packages.HasRuntime(kind) && release.Runtimes && runtime == null)
        {
            CreateRuntime(kind, package, target, resolved, now);
            return;
        }
        bool? available = runtime == null ? null : Packages.IsAvailable(runtime);
        var judged = (JsonObject)target.DeepClone();
        Packages.SetRevisionHealth(judged, kind, release.V2Conditions, available, now);
        if (!SameConditions(judged, target))
        {
            State.Mutate(revisionType, null, target.Name(), r => r["status"] = judged["status"]?.DeepClone());
            return;
        }
        var (status, reason, message) = Packages.DerivedHealth(target, release.V2Conditions);
        var healthy = package.Condition("Healthy");
        if (healthy?.Str("status") != status || healthy.Str("reason") != reason || (healthy.Str("message") ?? "") != message)
        {
            package.SetCondition("Healthy", status, reason, message, now, observedGeneration: generation);
            SaveStatus(type, package);
        }
    }

    /// <summary>No digest, no revision: the package itself says why, and an event says it once per new error.</summary>
    private void FailToFetch(CrossplaneRelease release, ResourceType type, JsonObject package, string resolved, string? imageConfig,
        PackageFault fault, long? generation, DateTimeOffset now)
    {
        var error = UnpackError(resolved, fault);
        var installed = package.Condition("Installed");
        var known = installed?.Str("status") == "False" && installed.Str("message") == error
            && (generation is null || installed.Long("observedGeneration") == generation);
        if (known)
        {
            return;
        }
        package.SetCondition("Installed", "False", "UnpackingPackage", error, now, observedGeneration: generation);
        if (release.UnhealthyOnUnpackFailure)
        {
            package.SetCondition("Healthy", "False", "UnpackingPackage", error, now, observedGeneration: generation);
        }
        if (release.ImageConfigs)
        {
            ImageConfigs.Record(package, resolved, imageConfig);
        }
        // Crossplane records the event, then updates the status: whoever sees the failure finds the event.
        Events.Record(State, package, "Warning", "UnpackPackage", error, Component(package));
        SaveStatus(type, package);
    }

    private void Activate(CrossplaneRelease release, ResourceType type, ResourceType revisionType, JsonObject package, JsonObject target,
        List<JsonObject> others, string resolved, string? imageConfig, long? generation, DateTimeOffset now)
    {
        var kind = package.Str("kind")!;
        foreach (var old in others.Where(r => r.Str("spec.desiredState") != "Inactive"))
        {
            State.Mutate(revisionType, null, old.Name(), r => r.Obj("spec")["desiredState"] = "Inactive");
        }
        foreach (var old in others)
        {
            // An inactive revision's runtime is removed (its ReplicaSets and pods go with it).
            State.Delete("apps/v1", "Deployment", Packages.RuntimeNamespace, old.Name());
        }
        if (target.Str("spec.desiredState") != "Active")
        {
            target = State.Mutate(revisionType, null, target.Name(), r => r.Obj("spec")["desiredState"] = "Active") ?? target;
        }
        var unknown = release.V2Conditions ? "RevisionHealthy" : "Healthy";
        if (target.Condition(unknown)?.Str("status") != "True")
        {
            State.Mutate(revisionType, null, target.Name(), r => r.SetCondition(unknown, "Unknown", "UnknownPackageRevisionHealth", "", now,
                observedGeneration: release.V2Conditions ? r.Long("metadata.generation") ?? 1 : null));
        }
        var status = package.Obj("status");
        status["currentRevision"] = target.Name();
        status["currentIdentifier"] = package.Str("spec.package");
        if (release.ImageConfigs)
        {
            ImageConfigs.Record(package, resolved, imageConfig);
        }
        package.SetCondition("Installed", "True", "ActivePackageRevision", "", now, observedGeneration: generation);
        var (health, reason, message) = Packages.DerivedHealth(target, release.V2Conditions);
        package.SetCondition("Healthy", health, reason, message, now, observedGeneration: generation);
        SaveStatus(type, package);
        if (Packages.HasRuntime(kind) && release.Runtimes)
        {
            CreateRuntime(kind, package, target, resolved, now);
        }
        Events.Record(State, package, "Normal", "InstallPackageRevision",
            $"Successfully installed package revision {target.Name()}", Component(package));
    }

    private void CreateRuntime(string kind, JsonObject package, JsonObject revision, string image, DateTimeOffset now)
    {
        if (State.Get("apps/v1", "Deployment", Packages.RuntimeNamespace, revision.Name()) != null)
        {
            return;
        }
        var deployment = Packages.NewRuntime(revision, kind, package.Name(), image, now);
        Admission.Default(State.Types.Find("apps", "v1", "deployments")!, deployment);
        State.Put(deployment);
    }

    private static bool SameConditions(JsonObject a, JsonObject b) =>
        JsonNode.DeepEquals(a.At("status.conditions"), b.At("status.conditions"));

    /// <summary>Writes only the status, onto whatever the object is now (a client may have patched spec meanwhile).</summary>
    private void SaveStatus(ResourceType type, JsonObject package) =>
        State.Mutate(type, null, package.Name(), p => p["status"] = package["status"]?.DeepClone());

    /// <summary>What Crossplane reports when the registry will not give the package's digest (or, older, its contents).</summary>
    private static string UnpackError(string packageRef, PackageFault fault)
    {
        var repository = Workloads.ImageRepository(packageRef);
        var slash = repository.IndexOf('/');
        var host = slash > 0 ? repository[..slash] : "index.docker.io";
        var path = slash > 0 ? repository[(slash + 1)..] : repository;
        var tag = packageRef.Length > repository.Length ? packageRef[(repository.Length + 1)..] : "latest";
        var answer = fault == PackageFault.Unauthorized
            ? "UNAUTHORIZED: authentication required"
            : "MANIFEST_UNKNOWN: Requested image not found";
        var what = fault == PackageFault.Unpackable ? "failed to fetch package from remote" : "failed to fetch package digest from remote";
        return $"cannot unpack package: {what}: GET https://{host}/v2/{path}/manifests/{tag}: {answer}";
    }
}
