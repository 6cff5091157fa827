using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Registry;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Upgrade;

/// <summary>
/// The registry's word before a patch: `latest` resolved to a release, and every tag the plan
/// writes shown to exist, so that no cluster is pointed at an image that is not there.
/// </summary>
public static class RegistryCheck
{
    private const string Skip = "pass --skip-registry-check if the cluster's nodes see a registry this machine does not";

    /// <summary>The newest release in the repository the component's releases live in (its own registry).</summary>
    public static async Task<ReleaseVersion> LatestAsync(RegistryClient registry, ClusterSnapshot snapshot, Component component, CancellationToken ct)
    {
        var installed = snapshot.Of(component).Where(o => o is DeploymentObservation or PackageObservation)
            .Select(o => VersionedField.For(o).Current).FirstOrDefault(r => ImageReference.TryParse(r, out _));
        var repository = ReleaseRepository.Current(component, ImageReference.Parse(installed ?? component.DefaultRepository));
        IReadOnlyList<string> tags;
        try
        {
            tags = await registry.ListTagsAsync(repository, ct);
        }
        catch (RegistryException e)
        {
            throw new RegistryException(e.Failure, e.Host, e.Repository, $"cannot resolve latest: {e.Message.TrimEnd('.')}; give the version instead");
        }
        return TagList.NewestRelease(tags)
            ?? throw new UsageException($"{repository.Name} has no release tag to call latest: give the version instead");
    }

    public static async Task EnsureTagsExistAsync(RegistryClient registry, IEnumerable<PlanStep> steps, CancellationToken ct)
    {
        foreach (var step in steps.Where(s => !s.UpToDate))
        {
            var image = ImageReference.Parse(step.To);
            bool exists;
            try
            {
                exists = await registry.TagExistsAsync(image, ct);
            }
            catch (RegistryException e)
            {
                throw new RegistryException(e.Failure, e.Host, e.Repository, $"cannot check that {step.To} exists: {e.Message.TrimEnd('.')}; {Skip}");
            }
            if (!exists)
                throw new UsageException($"{step.To} does not exist: {image.Name} has no tag {image.Tag}; see 'kubectl klutch versions {step.Component}', or {Skip}");
        }
    }
}
