using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Registry;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Upgrade;

/// <summary>
/// The registry's word before a patch: `latest` resolved to a release, and every tag the plan
/// writes shown to exist, so that no cluster is pointed at an image that is not there. A tag
/// that is not there is a refusal (a value); a registry that cannot be asked is a failure.
/// </summary>
public static class RegistryCheck
{
    private const string Skip = "pass --skip-registry-check if the cluster's nodes see a registry this machine does not";

    /// <summary>The newest release in the repository the component's releases live in (its own registry), or why there is none.</summary>
    public static async Task<(ReleaseVersion? Latest, string? Refusal)> LatestAsync(RegistryClient registry, ClusterSnapshot snapshot, Component component, CancellationToken ct)
    {
        var installed = VersionedField.FirstFound(snapshot, component)?.Current;
        var repository = ReleaseRepository.Current(component, ImageReference.TryParse(installed, out var running) ? running : ImageReference.Parse(component.DefaultRepository));
        IReadOnlyList<string> tags;
        try
        {
            tags = await registry.ListTagsAsync(repository, ct);
        }
        catch (RegistryException e)
        {
            throw new RegistryException(e.Failure, e.Host, e.Repository, $"cannot resolve latest: {e.Message.TrimEnd('.')}; give the version instead");
        }
        return TagList.NewestRelease(tags) is { } newest ? (newest, null)
            : (null, $"{repository.Name} has no release tag to call latest: give the version instead");
    }

    /// <summary>Why the plan cannot be written (a tag it names does not exist), or null when every tag exists.</summary>
    public static async Task<string?> MissingTagAsync(RegistryClient registry, IEnumerable<PlanStep> steps, CancellationToken ct)
    {
        foreach (var step in steps.Where(s => !s.UpToDate))
        {
            // Where the cluster pulls from: an ImageConfig's rewrite, then this machine's mirror settings.
            var image = ImageReference.Parse(step.PulledFrom ?? step.To);
            bool exists;
            try
            {
                exists = await registry.TagExistsAsync(image, ct);
            }
            catch (RegistryException e)
            {
                throw new RegistryException(e.Failure, e.Host, e.Repository, $"cannot check that {step.PulledFrom ?? step.To} exists: {e.Message.TrimEnd('.')}; {Skip}");
            }
            if (!exists)
                return $"{step.To} does not exist{(step.PulledFrom is null ? "" : $" where the cluster pulls it from ({step.PulledFrom}, rewritten by an ImageConfig)")}: {registry.Settings.Rewrite(image).Name} has no tag {image.Tag}; see 'kubectl klutch versions {step.Component}', or {Skip}";
        }
        return null;
    }
}
