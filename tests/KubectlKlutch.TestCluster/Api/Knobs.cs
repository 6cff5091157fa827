using System.Collections.Concurrent;

namespace KubectlKlutch.TestCluster;

/// <summary>Faults a test can inject. All members are thread-safe: the server reads them per request.</summary>
public sealed class FaultInjector
{
    private int _failCount;
    private int _failStatus = 503;
    private int _conflictNext;
    private long _latencyTicks;
    private volatile bool _hang;

    internal event Action? WatchesDropped;

    /// <summary>Answers the next <paramref name="count"/> requests with a Status of that code (503 by default).</summary>
    public void FailNext(int count, int status = 503)
    {
        Volatile.Write(ref _failStatus, status);
        Volatile.Write(ref _failCount, count);
    }

    /// <summary>Delay added before every request is answered.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>Accepts connections and requests but never answers (until set back to false or the server stops).</summary>
    public bool Hang
    {
        get => _hang;
        set => _hang = value;
    }

    /// <summary>Breaks every open watch connection at once, as a load balancer or API server restart would.</summary>
    public void DropWatches() => WatchesDropped?.Invoke();

    /// <summary>The next mutating request fails with 409 Conflict, as if someone else wrote first.</summary>
    public void ConflictOnNextWrite() => Volatile.Write(ref _conflictNext, 1);

    /// <summary>Clears every fault.</summary>
    public void Reset()
    {
        Volatile.Write(ref _failCount, 0);
        Volatile.Write(ref _conflictNext, 0);
        Latency = TimeSpan.Zero;
        _hang = false;
    }

    internal int? TakeFailure()
    {
        while (true)
        {
            var n = Volatile.Read(ref _failCount);
            if (n <= 0)
            {
                return null;
            }
            if (Interlocked.CompareExchange(ref _failCount, n - 1, n) == n)
            {
                return Volatile.Read(ref _failStatus);
            }
        }
    }

    internal bool TakeConflict() => Interlocked.Exchange(ref _conflictNext, 0) == 1;
}

/// <summary>
/// RBAC as a deny list: everything is allowed for the token's user except what a test denies.
/// That is the shape of the failures the plugin must report (one missing permission), without a
/// Role/RoleBinding engine.
/// </summary>
public sealed class RbacRules
{
    private readonly ConcurrentDictionary<(string Verb, string Resource, string Group), bool> _denied = new();

    /// <summary>Denies a verb on a resource of an API group; "*" matches anything in that position.</summary>
    public void Deny(string verb, string resource, string group = "") => _denied[(verb, resource, group)] = true;

    public void Reset() => _denied.Clear();

    public bool IsAllowed(string verb, string resource, string group) =>
        !_denied.Keys.Any(d => Match(d.Verb, verb) && Match(d.Resource, resource) && Match(d.Group, group));

    private static bool Match(string pattern, string value) => pattern == "*" || pattern == value;
}

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

    internal bool IsMissing(string image) => _missing.ContainsKey(image);

    internal bool IsCrashing(string image) => _crashing.ContainsKey(image);

    internal bool IsPackageMissing(string package) => _missingPackages.ContainsKey(package);
}

/// <summary>One request as the server understood it, for assertions such as "the plugin never wrote".</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    string Verb,
    string Group,
    string Resource,
    string? Namespace,
    string? Name,
    bool DryRun,
    int StatusCode)
{
    internal static readonly string[] MutatingVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    /// <summary>True for a write that changed (or tried to change) state: not a read, not a dry run.</summary>
    public bool IsWrite => !DryRun && MutatingVerbs.Contains(Verb) &&
                           Resource is not ("selfsubjectaccessreviews" or "selfsubjectreviews");
}
