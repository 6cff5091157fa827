using KubectlKlutch.Catalog;
using KubectlKlutch.Health;
using KubectlKlutch.Inventory;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Status;

/// <summary>
/// What the product page's readers hit in practice: duplicates left by the v1.3.0 namespace
/// move, legacy namespaces and image prefixes, package upgrades that never took effect, and a
/// cluster whose components run different Klutch versions.
/// </summary>
internal static class StatusWarnings
{
    public static IEnumerable<string> Find(ClusterSnapshot snapshot, IReadOnlyList<ComponentStatus> components)
    {
        foreach (var group in snapshot.Observations.Where(o => o is DeploymentObservation).Cast<DeploymentObservation>().GroupBy(o => o.Component))
        {
            var found = group.ToList();
            var workload = found[0].Workload;
            if (found.Count > 1)
            {
                var old = found.Skip(1).Select(o => Upgrade.VersionedField.For(o).DeleteCommand);
                yield return $"{found.Count} {group.Key.Name} Deployments run at once ({string.Join(", ", found.Select(Where))}): only the one in {found[0].Deployment.Metadata.Namespace} should run; delete the others with {string.Join(" and ", old)}";
            }
            else if (group.Key.KlutchRelease && workload.Namespaces.ToList().IndexOf(found[0].Deployment.Metadata.Namespace ?? "") > 0)
            {
                yield return $"{group.Key.Name} runs in namespace {found[0].Deployment.Metadata.Namespace}, the layout of releases before v1.3.0 (now {workload.Namespaces[0]}); new bindings will place it in {workload.Namespaces[0]}";
            }
        }

        foreach (var c in components)
        {
            if (IsLegacyRepository(c.Catalog, c.Image ?? c.Package))
                yield return $"{c.Name} uses the repository {c.Registry}/{c.Repository} of releases before v1.3.0, which has no newer tags; an upgrade moves it to the klutch path on the same registry";
        }

        foreach (var p in snapshot.Observations.OfType<PackageObservation>().Where(p => PackageHealth.NotInEffect(p.Package)))
            yield return $"{p.Component.Name} requests {p.Package.Spec.Package} but its active revision runs {p.Package.Status.CurrentIdentifier}: the upgrade has not taken effect";

        // What runs, not what is asked for: a package that cannot move is told by the warning above.
        static string? Runs(ComponentStatus c) => c.Running ?? c.Version;
        var versions = components.Where(c => c.Catalog.KlutchRelease && Runs(c) is not null)
            .Where(c => ReleaseVersion.TryParse(Runs(c), out _)).GroupBy(Runs).ToList();
        if (versions.Count > 1)
            yield return "components of this cluster run different Klutch versions ("
                + string.Join(", ", components.Where(c => versions.Any(v => v.Key == Runs(c))).Select(c => $"{c.Name} {Runs(c)}"))
                + "): finish the update so that all run the same release";
    }

    private static string Where(DeploymentObservation o) =>
        $"{o.Deployment.Metadata.Namespace}/{o.Deployment.Metadata.Name} {StatusBuilder.VersionOf(ImageReference.TryParse(o.Container?.Image, out var r) ? r : null)}";

    private static bool IsLegacyRepository(Component component, string? reference) =>
        ImageReference.TryParse(reference, out var found) && ReleaseRepository.IsLegacy(component, found);
}
