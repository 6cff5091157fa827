using KubectlKlutch.Inventory;
using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Health;

/// <summary>
/// When a Crossplane package runs what it asks for. Installed and Healthy alone are not enough
/// (crossplane issue 4196: a package pointed at a tag that does not exist keeps reporting the
/// old revision's health): the active revision must run the requested package and be Healthy.
/// </summary>
public static class PackageHealth
{
    /// <summary>The requested package differs from the one the active revision runs.</summary>
    public static bool NotInEffect(Package p) =>
        p.Status.CurrentIdentifier is { } current && p.Spec.Package is { } requested && current != requested;

    /// <summary>The revision made for the requested package, when it says it failed (it will not recover on its own).</summary>
    public static PackageRevision? RequestedRevisionFailed(PackageObservation o) =>
        NotInEffect(o.Package) && o.RequestedRevision is { } r && r.Status.Conditions.Find("Healthy") is { IsFalse: true } ? r : null;

    public static Assessment Assess(PackageObservation o)
    {
        var p = o.Package;
        var installed = p.Status.Conditions.Find("Installed");
        var healthy = p.Status.Conditions.Find("Healthy");
        if (NotInEffect(p))
        {
            return RequestedRevisionFailed(o) is { } revision
                ? new(HealthState.Degraded, $"requests {p.Spec.Package} but still runs {p.Status.CurrentIdentifier}: revision {revision.Metadata.Name} failed ({Reason(revision.Status.Conditions.Find("Healthy")!)})")
                : new(HealthState.Progressing, $"requests {p.Spec.Package}; the active revision still runs {p.Status.CurrentIdentifier}");
        }
        if (installed is { IsFalse: true })
            return new(HealthState.Degraded, $"not installed ({Reason(installed)})");
        if (healthy is { IsFalse: true })
            return new(HealthState.Degraded, $"unhealthy ({Reason(healthy)})");
        if (installed is null || healthy is null || healthy.Status == "Unknown")
            return new(HealthState.Progressing, "waiting for the package manager to install it");
        return new(HealthState.Healthy, $"revision {p.Status.CurrentRevision ?? o.ActiveRevision?.Metadata.Name ?? "?"} installed and healthy");
    }

    private static string Reason(Condition c) =>
        string.Join(": ", new[] { c.Reason, c.Message?.Trim() }.Where(s => !string.IsNullOrEmpty(s)));
}
