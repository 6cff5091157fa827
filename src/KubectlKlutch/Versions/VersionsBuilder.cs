using KubectlKlutch.Catalog;
using KubectlKlutch.Registry;

namespace KubectlKlutch.Versions;

/// <summary>What to look up for one component: the repository it runs from (or the public one) and its installed tag.</summary>
public sealed record VersionQuery(Component Component, ImageReference Repository, string? Installed);

/// <summary>
/// Lists every component's tags at once and orders them by semantic version. A registry that
/// cannot be read costs that component its list, never the report: the installed version stays.
/// </summary>
public static class VersionsBuilder
{
    public static async Task<IReadOnlyList<ComponentVersions>> BuildAsync(
        IEnumerable<VersionQuery> queries, Func<ImageReference, CancellationToken, Task<IReadOnlyList<string>>> listTags, bool pre, CancellationToken ct) =>
        await Task.WhenAll(queries.Select(async q =>
        {
            var repository = ReleaseRepository.Current(q.Component, q.Repository);
            var entry = new ComponentVersions { Catalog = q.Component, Name = q.Component.Name, Repository = repository.Name, Installed = q.Installed };
            try
            {
                return Describe(entry, TagList.Split(await listTags(repository, ct)), pre);
            }
            catch (RegistryException e)
            {
                return entry with { Error = e.Message };
            }
        }));

    private static ComponentVersions Describe(ComponentVersions entry, TagSet tags, bool pre)
    {
        var installed = ReleaseVersion.TryParse(entry.Installed, out var v) ? v : null;
        var available = pre ? tags.Releases.Concat(tags.PreReleases).OrderDescending() : tags.Releases.AsEnumerable();
        return entry with
        {
            Latest = tags.NewestRelease?.ToString(),
            LatestPatch = installed is null ? null : tags.NewestPatchOf(installed)?.ToString(),
            Behind = installed is null ? null : tags.ReleasesBehind(installed),
            Available = [.. available.Select(r => r.ToString())],
            OtherTags = tags.Other,
        };
    }

    /// <summary>0 when every installed component runs the newest release; 4 when one is behind or its registry could not be read.</summary>
    /// <summary>1 when a registry could not be read (the answer is incomplete), 4 only for "an update is available".</summary>
    public static int ExitCode(VersionsReport report) =>
        report.Components.Any(c => c.Error is not null) ? ExitCodes.Failed
        : report.Components.Any(c => c.Behind > 0) ? ExitCodes.Warnings
        : ExitCodes.Success;
}
