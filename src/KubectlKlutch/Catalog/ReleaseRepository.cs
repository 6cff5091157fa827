using KubectlKlutch.Versions;

namespace KubectlKlutch.Catalog;

/// <summary>
/// Where a component's releases from v1.3.0 on live, seen from the repository it runs from:
/// the same host and path (a mirror stays a mirror), except that the pre-1.3.0 path
/// `.../anynines/NAME` became `.../klutch/NAME`, whose old path has no newer tags.
/// </summary>
public static class ReleaseRepository
{
    public static readonly ReleaseVersion Renamed = ReleaseVersion.Parse("v1.3.0");

    public static bool IsLegacy(Component component, ImageReference reference) =>
        component.LegacyRepository is { } legacy && reference.Repository.EndsWith(Tail(legacy), StringComparison.Ordinal);

    /// <summary>The repository releases from v1.3.0 on are in, on the reference's own registry.</summary>
    public static ImageReference Current(Component component, ImageReference reference) =>
        IsLegacy(component, reference)
            ? reference with { Repository = reference.Repository[..^Tail(component.LegacyRepository!).Length] + Tail(component.DefaultRepository) }
            : reference;

    private static string Tail(string repository) => string.Join('/', ImageReference.Parse(repository).Repository.Split('/')[^2..]);
}
