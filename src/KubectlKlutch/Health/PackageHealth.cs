using KubectlKlutch.Inventory;
using KubectlKlutch.Kube.Objects;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Health;

/// <summary>
/// When a Crossplane package runs what it asks for, on Crossplane 1.x and 2.x alike. Installed
/// and Healthy alone are not enough (crossplane issue 4196: a package pointed at a tag that cannot
/// be fetched keeps the old revision's Healthy=True): the active revision must run the requested
/// package and be healthy. A tag that cannot be fetched makes no revision; the package says so
/// itself (Installed=False, UnpackingPackage, the registry's error), and that ends a wait at once.
/// Older Crossplane said it on a new revision instead; both places are read.
/// </summary>
public static class PackageHealth
{
    /// <summary>The Installed reason Crossplane sets while it fetches a package, and keeps, with the error, when it cannot.</summary>
    public const string UnpackingReason = "UnpackingPackage";

    /// <summary>The requested package differs from the one the active revision runs.</summary>
    public static bool NotInEffect(Package p) =>
        p.Status.CurrentIdentifier is { } current && p.Spec.Package is { } requested && current != requested;

    /// <summary>
    /// The condition is about the spec as it is now, not a leftover of an earlier one: v2 says so
    /// with observedGeneration; v1 has none, so its message must name the requested tag (the
    /// registry's error quotes the manifest it asked for).
    /// </summary>
    public static bool SeesCurrentSpec(Condition c, Package p)
    {
        if (c.ObservedGeneration is { } observed) return observed >= p.Metadata.Generation;
        if (c.Message is not { Length: > 0 } message || p.Spec.Package is not { } requested) return false;
        if (message.Contains(requested, StringComparison.Ordinal)) return true;
        return ImageReference.TryParse(requested, out var r) && (r.Tag ?? r.Digest) is { } tag
            && message.Contains("/manifests/" + tag, StringComparison.Ordinal);
    }

    /// <summary>The package says it cannot fetch what it asks for now (a missing tag, no pull rights): it will not recover on its own.</summary>
    public static Condition? FetchFailure(Package p) =>
        p.Status.Conditions.Find("Installed") is { IsFalse: true, Reason: UnpackingReason, Message.Length: > 0 } c && SeesCurrentSpec(c, p) ? c : null;

    /// <summary>
    /// Healthy=False on the package (v2.2+ sets it with a fetch failure) counts only while no
    /// revision runs the request: once one does, its own conditions tell a runtime that is still
    /// starting from one that fails, and the package's derived Healthy would not.
    /// </summary>
    public static Condition? UnhealthyRequest(Package p) =>
        NotInEffect(p) && p.Status.Conditions.Find("Healthy") is { IsFalse: true } c && SeesCurrentSpec(c, p) ? c : null;

    /// <summary>The revision made for the requested package, when it says it failed (older Crossplane's unpack failure).</summary>
    public static PackageRevision? RequestedRevisionFailed(PackageObservation o) =>
        NotInEffect(o.Package) && o.RequestedRevision is { } r && r.Status.Conditions.Find("Healthy") is { IsFalse: true } ? r : null;

    public static Assessment Assess(PackageObservation o)
    {
        var p = o.Package;
        var what = $"{o.Resource.Kind} {p.Metadata.Name}";
        if ((FetchFailure(p) ?? UnhealthyRequest(p)) is { } failure)
        {
            return new(HealthState.Degraded, NotInEffect(p)
                ? $"requests {p.Spec.Package} but still runs {p.Status.CurrentIdentifier}: {what} cannot install it ({Reason(failure)})"
                : $"{what} cannot install {p.Spec.Package} ({Reason(failure)})");
        }
        if (NotInEffect(p))
        {
            return RequestedRevisionFailed(o) is { } revision
                ? new(HealthState.Degraded, $"requests {p.Spec.Package} but still runs {p.Status.CurrentIdentifier}: revision {revision.Metadata.Name} failed ({Reason(revision.Status.Conditions.Find("Healthy")!)})")
                : new(HealthState.Progressing, $"requests {p.Spec.Package}; the active revision still runs {p.Status.CurrentIdentifier}");
        }
        var installed = p.Status.Conditions.Find("Installed");
        // Fetching, or an error about an earlier spec (a rollback to a tag that works): not this spec's failure.
        if (installed is { IsFalse: true, Reason: UnpackingReason } && !SeesCurrentSpec(installed, p))
            return new(HealthState.Progressing, "the package manager is fetching the package");
        if (installed is { IsFalse: true })
            return new(HealthState.Degraded, $"not installed ({Reason(installed)})");
        var active = o.ActiveRevision;
        if (active is null || installed is null || installed.Status == "Unknown")
        {
            var healthy = p.Status.Conditions.Find("Healthy");
            return healthy is { IsFalse: true } && installed is not null
                ? new(HealthState.Degraded, $"unhealthy ({Reason(healthy)})")
                : new(HealthState.Progressing, "waiting for the package manager to install it");
        }
        var verdict = Revision(active, o.Resource.Kind, o.RuntimePods);
        if (!verdict.IsHealthy) return verdict;
        // The package's Healthy is derived from the revision's: until it follows, the install is not done.
        return p.Status.Conditions.Find("Healthy") is { IsTrue: true }
            ? new(HealthState.Healthy, $"revision {active.Metadata.Name} installed and healthy")
            : new(HealthState.Progressing, "waiting for the package manager to install it");
    }

    /// <summary>Providers and functions run a controller (a runtime); configurations do not.</summary>
    public static bool HasRuntime(string packageKind) => packageKind is "Provider" or "Function";

    /// <summary>
    /// One rule for both vocabularies: `Healthy` where the revision has it (Crossplane 1.x), else
    /// `RevisionHealthy` and, for a kind with a runtime, `RuntimeHealthy` (2.x). A condition that
    /// is missing or Unknown is never healthy. An unavailable runtime is a failure only once its
    /// pods are stuck (crash-looping, not pulling); before that it is a runtime still starting.
    /// </summary>
    public static Assessment Revision(PackageRevision r, string packageKind, IReadOnlyList<Pod> runtimePods)
    {
        var conditions = r.Status.Conditions;
        var runtime = HasRuntime(packageKind);
        if (conditions.Find("Healthy") is { } healthy)
        {
            return healthy.Status switch
            {
                "True" => new(HealthState.Healthy, "healthy"),
                "False" when runtime && healthy.Message?.Contains("deployment is unavailable", StringComparison.Ordinal) == true =>
                    Runtime(packageKind, healthy, runtimePods),
                "False" => new(HealthState.Degraded, $"revision {r.Metadata.Name} unhealthy ({Reason(healthy)})"),
                _ => new(HealthState.Progressing, $"waiting for revision {r.Metadata.Name} to report its health"),
            };
        }
        var revisionHealthy = conditions.Find("RevisionHealthy");
        var runtimeHealthy = runtime ? conditions.Find("RuntimeHealthy") : null;
        if (revisionHealthy is null && runtimeHealthy is null)
            return new(HealthState.Unknown, $"revision {r.Metadata.Name} reports no health condition (Healthy, or RevisionHealthy{(runtime ? " and RuntimeHealthy" : "")})");
        if (revisionHealthy is { IsFalse: true })
            return new(HealthState.Degraded, $"revision {r.Metadata.Name} unhealthy ({Reason(revisionHealthy)})");
        if (runtimeHealthy is { IsFalse: true })
            return Runtime(packageKind, runtimeHealthy, runtimePods);
        if (revisionHealthy is { IsTrue: true } && (!runtime || runtimeHealthy is { IsTrue: true }))
            return new(HealthState.Healthy, "healthy");
        return new(HealthState.Progressing, $"waiting for revision {r.Metadata.Name} to report its {(revisionHealthy is { IsTrue: true } ? "runtime's " : "")}health");
    }

    private static Assessment Runtime(string packageKind, Condition unavailable, IReadOnlyList<Pod> pods)
    {
        var name = packageKind.ToLowerInvariant() + " runtime unavailable";
        var failing = DeploymentHealth.FailingPods(pods);
        return failing.Count > 0
            ? new(HealthState.Degraded, $"{name}: {DeploymentHealth.Describe(failing[0])}{(failing.Count > 1 ? $" (and {failing.Count - 1} more)" : "")}")
            : new(HealthState.Progressing, $"{name}: {unavailable.Message?.Trim() ?? unavailable.Reason}");
    }

    private static string Reason(Condition c) =>
        string.Join(": ", new[] { c.Reason, c.Message?.Trim() }.Where(s => !string.IsNullOrEmpty(s)));
}
