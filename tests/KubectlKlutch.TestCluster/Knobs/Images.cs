using System.Collections.Concurrent;

namespace KubectlKlutch.TestCluster;

/// <summary>What the fake registry behind the fake kubelet and package manager knows about images.</summary>
public sealed class Images
{
    private readonly ConcurrentDictionary<string, bool> _missing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _crashing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _missingPackages = new(StringComparer.Ordinal);

    /// <summary>Pods with this image stay in ImagePullBackOff.</summary>
    public void MarkMissing(string imageRef) => _missing[imageRef] = true;

    /// <summary>Pods with this image start and crash: CrashLoopBackOff.</summary>
    public void MarkCrashing(string imageRef) => _crashing[imageRef] = true;

    /// <summary>A Crossplane package reference that cannot be pulled: its revision fails to unpack.</summary>
    public void MarkPackageMissing(string packageRef) => _missingPackages[packageRef] = true;

    /// <summary>The image is fixed (a good build under the same reference): new pods with it start normally.</summary>
    public void Unmark(string imageRef)
    {
        _missing.TryRemove(imageRef, out _);
        _crashing.TryRemove(imageRef, out _);
        _missingPackages.TryRemove(imageRef, out _);
    }

    internal bool IsMissing(string image) => _missing.ContainsKey(image);

    internal bool IsCrashing(string image) => _crashing.ContainsKey(image);

    internal bool IsPackageMissing(string package) => _missingPackages.ContainsKey(package);
}
