using System.Collections.Concurrent;

namespace KubectlKlutch.TestCluster;

/// <summary>What the fake registry behind the fake kubelet and package manager knows about images.</summary>
public sealed class Images
{
    private readonly ConcurrentDictionary<string, bool> _missing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _crashing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _silent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PackageFault> _packages = new(StringComparer.Ordinal);

    /// <summary>Pods with this image stay in ImagePullBackOff.</summary>
    public void MarkMissing(string imageRef) => _missing[imageRef] = true;

    /// <summary>Pods with this image start and crash: CrashLoopBackOff (a provider runtime too: its image is the package).</summary>
    public void MarkCrashing(string imageRef) => _crashing[imageRef] = true;

    /// <summary>
    /// A konnector build whose pods become Ready and never heartbeat: once it has rolled out, its
    /// APIServiceBindings turn Heartbeating=False and Ready=False, and its ClusterBinding (control-plane
    /// mode) gets no heartbeat and no version.
    /// </summary>
    public void MarkSilent(string imageRef) => _silent[imageRef] = true;

    /// <summary>
    /// The registry has no such tag (MANIFEST_UNKNOWN). As Crossplane does it, the package manager
    /// cannot get a digest to name a revision: no revision is made, the package says
    /// Installed=False/UnpackingPackage. Matched against where the cluster pulls from (after an ImageConfig rewrite).
    /// </summary>
    public void MarkPackageMissing(string packageRef) => _packages[packageRef] = PackageFault.Missing;

    /// <summary>The tag exists, but the cluster may not pull it (UNAUTHORIZED): fails like a missing tag.</summary>
    public void MarkPackageUnauthorized(string packageRef) => _packages[packageRef] = PackageFault.Unauthorized;

    /// <summary>
    /// The older Crossplane failure: a revision is made, and it fails to unpack (Healthy=False,
    /// reason UnpackPackage, on the revision) while the package keeps the old revision's health.
    /// </summary>
    public void MarkPackageUnpackable(string packageRef) => _packages[packageRef] = PackageFault.Unpackable;

    /// <summary>The image is fixed (a good build under the same reference): new pods with it start normally.</summary>
    public void Unmark(string imageRef)
    {
        _missing.TryRemove(imageRef, out _);
        _crashing.TryRemove(imageRef, out _);
        _packages.TryRemove(imageRef, out _);
        _silent.TryRemove(imageRef, out _);
    }

    internal bool IsMissing(string image) => _missing.ContainsKey(image);

    internal bool IsCrashing(string image) => _crashing.ContainsKey(image);

    internal bool IsSilent(string image) => _silent.ContainsKey(image);

    internal PackageFault PackageFaultOf(string package) => _packages.GetValueOrDefault(package);
}

internal enum PackageFault
{
    None,
    Missing,
    Unauthorized,
    Unpackable,
}
