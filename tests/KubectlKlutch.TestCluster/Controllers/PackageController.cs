using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Plays Crossplane's package manager for Providers, Configurations and Functions. When spec.package
/// names an image no revision runs yet, one step creates its revision, the next activates it (old
/// revisions go Inactive, status.currentRevision/currentIdentifier move), the next reports it
/// Healthy. A package marked missing fails to unpack instead: the new revision says Healthy=False
/// with the registry's "not found", an Event is recorded, and the package keeps reporting
/// Installed=True/Healthy=True from the OLD revision — the trap of crossplane issue 4196.
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
                Reconcile(type, package, revisionType);
            }
        }
    }

    private static ResourceType? Preferred(IReadOnlyList<ResourceType> types, string plural) =>
        types.Where(t => t.Group == "pkg.crossplane.io" && t.Plural == plural)
            .OrderByDescending(t => Discovery.VersionPriority(t.Version)).FirstOrDefault();

    private void Reconcile(ResourceType type, JsonObject package, ResourceType revisionType)
    {
        var now = State.Clock();
        var packageRef = package.Str("spec.package");
        if (string.IsNullOrEmpty(packageRef))
        {
            return;
        }
        var uid = package.Str("metadata.uid");
        var revisions = State.ListOf(revisionType, null)
            .Where(r => (r.At("metadata.ownerReferences") as JsonArray)?.OfType<JsonObject>().Any(o => o.Str("uid") == uid) == true)
            .ToList();
        var target = revisions.FirstOrDefault(r => r.Str("spec.image") == packageRef);
        var missing = server.Images.IsPackageMissing(packageRef);

        if (target == null)
        {
            var number = revisions.Select(r => r.Long("spec.revision") ?? 0).DefaultIfEmpty(0).Max() + 1;
            var revision = Packages.NewRevision(package, packageRef, number, now);
            if (missing)
            {
                revision.SetCondition("Healthy", "False", "UnhealthyPackageRevision", UnpackError(packageRef), now);
                Events.Record(State, package, "Warning", "InstallPackageRevision",
                    $"cannot install package revision: {UnpackError(packageRef)}", "packages/" + package.Str("kind")!.ToLowerInvariant() + ".pkg.crossplane.io");
            }
            State.Put(revision);
            return;
        }
        if (missing)
        {
            return;
        }

        var others = revisions.Where(r => r.Name() != target.Name()).ToList();
        if (target.Str("spec.desiredState") != "Active" || others.Any(r => r.Str("spec.desiredState") == "Active") ||
            package.Str("status.currentRevision") != target.Name())
        {
            foreach (var old in others.Where(r => r.Str("spec.desiredState") != "Inactive"))
            {
                State.Mutate(revisionType, null, old.Name(), r => r.Obj("spec")["desiredState"] = "Inactive");
            }
            if (target.Str("spec.desiredState") != "Active")
            {
                target = State.Mutate(revisionType, null, target.Name(), r => r.Obj("spec")["desiredState"] = "Active") ?? target;
            }
            if (target.Condition("Healthy")?.Str("status") != "True")
            {
                State.Mutate(revisionType, null, target.Name(), r => r.SetCondition("Healthy", "Unknown", "UnknownPackageRevisionHealth", "", now));
            }
            var status = package.Obj("status");
            status["currentRevision"] = target.Name();
            status["currentIdentifier"] = packageRef;
            package.SetCondition("Installed", "True", "ActivePackageRevision", "", now);
            if (target.Condition("Healthy")?.Str("status") != "True")
            {
                package.SetCondition("Healthy", "Unknown", "UnknownPackageRevisionHealth", "", now);
            }
            SaveStatus(type, package);
            Events.Record(State, package, "Normal", "InstallPackageRevision",
                $"Successfully installed package revision {target.Name()}", "packages/" + package.Str("kind")!.ToLowerInvariant() + ".pkg.crossplane.io");
            return;
        }

        if (target.Condition("Healthy")?.Str("status") != "True")
        {
            State.Mutate(revisionType, null, target.Name(), r => r.SetCondition("Healthy", "True", "HealthyPackageRevision", "", now));
            return;
        }
        if (package.Condition("Healthy")?.Str("status") != "True" || package.Condition("Installed")?.Str("status") != "True")
        {
            package.SetCondition("Installed", "True", "ActivePackageRevision", "", now);
            package.SetCondition("Healthy", "True", "HealthyPackageRevision", "", now);
            SaveStatus(type, package);
        }
    }

    /// <summary>Writes only the status, onto whatever the object is now (a client may have patched spec meanwhile).</summary>
    private void SaveStatus(ResourceType type, JsonObject package) =>
        State.Mutate(type, null, package.Name(), p => p["status"] = package["status"]?.DeepClone());

    /// <summary>What Crossplane reports when the registry has no such tag.</summary>
    private static string UnpackError(string packageRef)
    {
        var repository = Workloads.ImageRepository(packageRef);
        var slash = repository.IndexOf('/');
        var host = slash > 0 ? repository[..slash] : "index.docker.io";
        var path = slash > 0 ? repository[(slash + 1)..] : repository;
        var tag = packageRef.Length > repository.Length ? packageRef[(repository.Length + 1)..] : "latest";
        return $"cannot unpack package: failed to fetch package digest from remote: GET https://{host}/v2/{path}/manifests/{tag}: MANIFEST_UNKNOWN: Requested image not found";
    }
}
