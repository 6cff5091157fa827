using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace KubectlKlutch.TestCluster;

/// <summary>A change as a watcher sees it. The object is a private copy; writers never touch it again.</summary>
internal sealed record WatchEvent(long ResourceVersion, string Type, string StorageKey, string? Namespace, JsonObject Object);

/// <summary>
/// The cluster's objects: one dictionary keyed by group/resource/namespace/name, a global
/// resourceVersion counter like etcd's revision, and a bounded history of changes so that a
/// watch can resume from a resourceVersion (and get 410 Gone once it has scrolled out).
/// Everything is guarded by one lock: the server is small and correctness beats throughput here.
/// </summary>
public sealed class ClusterState
{
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly LinkedList<WatchEvent> _history = new();
    private readonly List<Subscription> _subscribers = [];
    private readonly int _historyLimit;
    private long _resourceVersion;
    private long _lastDroppedVersion;

    internal ClusterState(int historyLimit, Func<DateTimeOffset> clock)
    {
        _historyLimit = Math.Max(1, historyLimit);
        Clock = clock;
        Types = new ResourceRegistry(() => ListRaw("apiextensions.k8s.io/customresourcedefinitions", null));
        // Start well above zero, like a real cluster, so "resourceVersion=0" never means an actual version.
        _resourceVersion = 1000;
        _lastDroppedVersion = 0;
    }

    internal ResourceRegistry Types { get; }

    internal Func<DateTimeOffset> Clock { get; }

    internal long CurrentVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    // ---- public API for tests -------------------------------------------------------------

    /// <summary>A copy of the object, or null when absent.</summary>
    public JsonObject? Get(string apiVersion, string kind, string? ns, string name)
    {
        var type = TypeOf(apiVersion, kind);
        return Read(type, ns, name) is { } o ? Detached(o) : null;
    }

    /// <summary>
    /// Copies handed to tests are re-parsed from JSON text, so every number reads as any numeric type
    /// (a node built from an int refuses GetValue&lt;long&gt;).
    /// </summary>
    private static JsonObject Detached(JsonObject o) => Json.ParseObject(o.ToJsonString());

    /// <summary>Creates or replaces the object (it must carry apiVersion, kind, metadata.name), bumps its
    /// resourceVersion and tells watchers. Returns the stored copy.</summary>
    public JsonObject Put(JsonObject obj)
    {
        var type = TypeOf(obj.Str("apiVersion") ?? "", obj.Str("kind") ?? "");
        return Detached(Commit(type, obj.Copy(), dryRun: false));
    }

    /// <summary>Deletes the object and everything it owns; false when it did not exist.</summary>
    public bool Delete(string apiVersion, string kind, string? ns, string name)
    {
        var type = TypeOf(apiVersion, kind);
        return Remove(type, ns, name, dryRun: false) != null;
    }

    /// <summary>Copies of all objects of a kind, in one namespace or (ns null) everywhere.</summary>
    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null)
    {
        var type = TypeOf(apiVersion, kind);
        return ListOf(type, ns).Select(Detached).ToList();
    }

    private ResourceType TypeOf(string apiVersion, string kind) =>
        Types.FindKind(apiVersion, kind)
        ?? throw new ArgumentException($"the server does not serve {kind} in {apiVersion} (is its CRD seeded?)");

    // ---- internal store operations --------------------------------------------------------

    private static string Key(string storageKey, string? ns, string name) => $"{storageKey}/{ns ?? ""}/{name}";

    internal JsonObject? Read(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(Key(type.StorageKey, type.Namespaced ? ns : null, name), out var o)
                ? AsVersion(o.Copy(), type)
                : null;
        }
    }

    internal List<JsonObject> ListOf(ResourceType type, string? ns)
    {
        lock (_gate)
        {
            return ListRaw(type.StorageKey, type.Namespaced ? ns : null).Select(o => AsVersion(o.Copy(), type)).ToList();
        }
    }

    private List<JsonObject> ListRaw(string storageKey, string? ns)
    {
        lock (_gate)
        {
            var prefix = ns == null ? storageKey + "/" : $"{storageKey}/{ns}/";
            return _objects.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(kv => kv.Value.Namespace() ?? "", StringComparer.Ordinal)
                .ThenBy(kv => kv.Value.Name(), StringComparer.Ordinal)
                .Select(kv => kv.Value)
                .ToList();
        }
    }

    /// <summary>Objects are stored once per group and resource; a read through another version only relabels them.</summary>
    internal static JsonObject AsVersion(JsonObject obj, ResourceType type)
    {
        obj["apiVersion"] = type.GroupVersion;
        obj["kind"] = type.Kind;
        return obj;
    }

    /// <summary>
    /// The one write path: fills uid and creationTimestamp on create, keeps them on replace, bumps
    /// metadata.generation when spec changed (as the API server does for Deployments and CRs with a
    /// status subresource), assigns the next resourceVersion and records a watch event.
    /// A dry run computes the same result without storing it.
    /// </summary>
    internal JsonObject Commit(ResourceType type, JsonObject obj, bool dryRun)
    {
        lock (_gate)
        {
            AsVersion(obj, type);
            var meta = obj.Meta();
            if (type.Namespaced && string.IsNullOrEmpty(obj.Namespace()))
            {
                meta["namespace"] = "default";
            }
            var ns = type.Namespaced ? obj.Namespace() : null;
            if (!type.Namespaced)
            {
                meta.Remove("namespace");
            }
            var key = Key(type.StorageKey, ns, obj.Name());
            _objects.TryGetValue(key, out var old);
            if (old == null)
            {
                meta["uid"] ??= Guid.NewGuid().ToString();
                meta["creationTimestamp"] ??= Json.Time(Clock());
                if (meta["generation"] == null && type.Kind != "Event")
                {
                    meta["generation"] = 1;
                }
            }
            else
            {
                meta["uid"] = old.Str("metadata.uid");
                meta["creationTimestamp"] = old.Str("metadata.creationTimestamp");
                var oldGeneration = old.Long("metadata.generation") ?? 1;
                var specChanged = !JsonNode.DeepEquals(old["spec"], obj["spec"]);
                meta["generation"] = specChanged ? oldGeneration + 1 : oldGeneration;
            }
            if (old != null)
            {
                // An update that changes nothing is not written, as in the API server: same
                // resourceVersion, no watch event (kubectl then prints "patched (no change)").
                meta["resourceVersion"] = old.Str("metadata.resourceVersion");
                if (JsonNode.DeepEquals(old, obj))
                {
                    return obj.Copy();
                }
            }
            if (dryRun)
            {
                meta["resourceVersion"] = old?.Str("metadata.resourceVersion") ?? "";
                return obj.Copy();
            }
            meta["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _objects[key] = obj.Copy();
            Record(new WatchEvent(_resourceVersion, old == null ? "ADDED" : "MODIFIED", type.StorageKey, ns, obj.Copy()));
        }
        return obj.Copy();
    }

    /// <summary>
    /// Read-modify-write under the store lock, for controllers: a client's patch can never slip in
    /// between the read and the write and be lost. Writes only when the change did something.
    /// </summary>
    internal JsonObject? Mutate(ResourceType type, string? ns, string name, Action<JsonObject> change)
    {
        lock (_gate)
        {
            var current = Read(type, ns, name);
            if (current == null)
            {
                return null;
            }
            var before = current.Copy();
            change(current);
            return JsonNode.DeepEquals(before, current) ? current : Commit(type, current, dryRun: false);
        }
    }

    /// <summary>Deletes an object; owned objects go with it (background garbage collection, done at once),
    /// and a namespace takes its contents along.</summary>
    internal JsonObject? Remove(ResourceType type, string? ns, string name, bool dryRun)
    {
        JsonObject? removed;
        lock (_gate)
        {
            var key = Key(type.StorageKey, type.Namespaced ? ns : null, name);
            if (!_objects.TryGetValue(key, out var old))
            {
                return null;
            }
            removed = AsVersion(old.Copy(), type);
            if (dryRun)
            {
                return removed;
            }
            RemoveKey(key);
            if (type.StorageKey == "/namespaces")
            {
                foreach (var k in _objects.Where(kv => kv.Value.Namespace() == name).Select(kv => kv.Key).ToList())
                {
                    RemoveKey(k);
                }
            }
        }
        return removed;
    }

    private void RemoveKey(string key)
    {
        if (!_objects.Remove(key, out var old))
        {
            return;
        }
        var storageKey = string.Join('/', key.Split('/').Take(2));
        old.Meta()["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Record(new WatchEvent(_resourceVersion, "DELETED", storageKey, old.Namespace(), old.Copy()));
        var uid = old.Str("metadata.uid");
        var owned = _objects.Where(kv => (kv.Value.At("metadata.ownerReferences") as JsonArray)?
                .OfType<JsonObject>().Any(r => r.Str("uid") == uid) == true)
            .Select(kv => kv.Key)
            .ToList();
        foreach (var k in owned)
        {
            RemoveKey(k);
        }
    }

    // ---- watch ------------------------------------------------------------------------------

    private void Record(WatchEvent e)
    {
        _history.AddLast(e);
        while (_history.Count > _historyLimit)
        {
            _lastDroppedVersion = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }
        foreach (var s in _subscribers)
        {
            if (s.StorageKey == e.StorageKey && (s.Namespace == null || s.Namespace == e.Namespace))
            {
                s.Channel.Writer.TryWrite(e);
            }
        }
    }

    /// <summary>
    /// Starts a watch. With a resourceVersion, replays every retained change after it (null result
    /// means it is too old: 410 Gone); without one, replays the current objects as ADDED, as the
    /// API server does for resourceVersion "" and "0".
    /// </summary>
    internal Subscription? Subscribe(ResourceType type, string? ns, long? fromVersion)
    {
        lock (_gate)
        {
            var sub = new Subscription(this, type.StorageKey, type.Namespaced ? ns : null);
            if (fromVersion is { } from)
            {
                if (from < _lastDroppedVersion)
                {
                    return null;
                }
                foreach (var e in _history)
                {
                    if (e.ResourceVersion > from && e.StorageKey == sub.StorageKey &&
                        (sub.Namespace == null || sub.Namespace == e.Namespace))
                    {
                        sub.Channel.Writer.TryWrite(e);
                    }
                }
            }
            else
            {
                foreach (var o in ListRaw(type.StorageKey, sub.Namespace))
                {
                    sub.Channel.Writer.TryWrite(new WatchEvent(
                        long.Parse(o.Str("metadata.resourceVersion") ?? "0", System.Globalization.CultureInfo.InvariantCulture),
                        "ADDED", type.StorageKey, o.Namespace(), o.Copy()));
                }
            }
            _subscribers.Add(sub);
            return sub;
        }
    }

    internal long OldestResumableVersion
    {
        get
        {
            lock (_gate)
            {
                return _lastDroppedVersion;
            }
        }
    }

    internal void Unsubscribe(Subscription sub)
    {
        lock (_gate)
        {
            _subscribers.Remove(sub);
        }
        sub.Channel.Writer.TryComplete();
    }

    /// <summary>Ends every open watch (fault injection and server stop).</summary>
    internal void DropAllWatches()
    {
        List<Subscription> subs;
        lock (_gate)
        {
            subs = [.. _subscribers];
        }
        foreach (var s in subs)
        {
            s.Drop();
        }
    }

    internal sealed class Subscription(ClusterState owner, string storageKey, string? ns) : IDisposable
    {
        private readonly CancellationTokenSource _dropped = new();

        public string StorageKey { get; } = storageKey;
        public string? Namespace { get; } = ns;
        public Channel<WatchEvent> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<WatchEvent>();
        public CancellationToken Dropped => _dropped.Token;

        public void Drop()
        {
            try
            {
                _dropped.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished: nothing to drop.
            }
        }

        public void Dispose()
        {
            owner.Unsubscribe(this);
            _dropped.Dispose();
        }
    }
}
