using KubectlKlutch.Kube.Objects;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Inventory;

/// <summary>
/// Where the cluster really pulls a Crossplane package from. An ImageConfig may rewrite
/// spec.package's prefix (Crossplane 1.20+ reports the result in status.resolvedPackage); what
/// runs is still compared by the original package, as Crossplane itself does.
/// </summary>
public static class PackageSource
{
    /// <summary>status.resolvedPackage when it differs from spec.package, else null.</summary>
    public static string? Rewritten(Package p) =>
        p.Status.ResolvedPackage is { Length: > 0 } resolved && resolved != p.Spec.Package ? resolved : null;

    /// <summary>The ImageConfigs Crossplane says it applied.</summary>
    public static IReadOnlyList<string> ImageConfigs(Package p) =>
        [.. (p.Status.AppliedImageConfigRefs ?? []).Select(r => r.Name)];

    /// <summary>"pulls from X (ImageConfig Y)", as status and the plan say it.</summary>
    public static string Describe(string resolved, IReadOnlyList<string>? imageConfigs) =>
        $"pulls from {resolved}" + (imageConfigs is { Count: > 0 } names ? $" (ImageConfig {string.Join(", ", names)})" : "");

    /// <summary>
    /// Where the cluster would pull <paramref name="reference"/> from: the rewrite that turned
    /// spec.package's repository into resolvedPackage's, applied to the new reference. Null
    /// without a rewrite, or when the new reference is in another repository (a --registry move).
    /// </summary>
    public static string? ResolvedFor(Package p, string reference)
    {
        if (Rewritten(p) is not { } resolved
            || !ImageReference.TryParse(p.Spec.Package, out var requested)
            || !ImageReference.TryParse(resolved, out var pulled)
            || !ImageReference.TryParse(reference, out var next)
            || next.Name != requested.Name) return null;
        return next.Tag is { } tag ? pulled.WithTag(tag).ToString() : null;
    }
}
