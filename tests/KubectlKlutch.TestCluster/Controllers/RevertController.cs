using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Plays a GitOps tool's self-heal: a container image it keeps (its "source", a ConfigMap a test
/// may change, like a commit) is put back <see cref="TestApiServerOptions.RevertDelay"/> after
/// someone else changed it, as an Update or Apply under the tool's own field manager, so that
/// managedFields name who put it back.
/// </summary>
internal sealed class RevertController(TestApiServer server)
{
    public const string Namespace = "kube-system";
    public const string Name = "test-cluster-reverter";

    private readonly Dictionary<string, DateTimeOffset> _driftSeen = new(StringComparer.Ordinal);

    private ClusterState State => server.State;

    /// <summary>Seeds what the reverter keeps (one Deployment container per cluster is all the scenarios need).</summary>
    internal static void Keep(Seeder s, string ns, string deployment, string container, string image, string manager, string operation) =>
        s.Put(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Namespace, ["creationTimestamp"] = Json.Time(s.Created) },
            ["data"] = new JsonObject
            {
                ["namespace"] = ns,
                ["deployment"] = deployment,
                ["container"] = container,
                ["image"] = image,
                ["manager"] = manager,
                ["operation"] = operation,
            },
        });

    public void Step()
    {
        var cmType = State.Types.Find("", "v1", "configmaps")!;
        if (State.Read(cmType, Namespace, Name)?["data"] is not JsonObject keep)
        {
            return;
        }
        var (ns, name, container, image) = (keep.Str("namespace")!, keep.Str("deployment")!, keep.Str("container")!, keep.Str("image")!);
        var type = State.Types.Find("apps", "v1", "deployments")!;
        var key = $"{ns}/{name}";
        var live = State.Read(type, ns, name);
        if (live == null || ImageOf(live, container) is not { } current || current == image)
        {
            _driftSeen.Remove(key);
            return;
        }
        var now = State.Clock();
        if (!_driftSeen.TryGetValue(key, out var seen))
        {
            _driftSeen[key] = now;
            return;
        }
        if (now - seen < server.Options.RevertDelay)
        {
            return;
        }
        _driftSeen.Remove(key);
        var writer = new FieldWriter(keep.Str("manager")!, keep.Str("operation") ?? FieldWriter.Update);
        State.Mutate(type, ns, name, d =>
        {
            var before = d.Copy();
            var c = Container(d, container)!;
            c["image"] = image;
            var applied = writer.Operation == FieldWriter.Apply ? AppliedImage(d, container, image) : null;
            ManagedFields.Record(before, d, writer, now, applied);
        });
    }

    private static JsonObject? Container(JsonObject d, string name) =>
        (d.At("spec.template.spec.containers") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.Str("name") == name);

    private static string? ImageOf(JsonObject d, string container) => Container(d, container)?.Str("image");

    /// <summary>What a server-side applier sends back: its whole manifest, here the live object with its image.</summary>
    private static JsonObject AppliedImage(JsonObject d, string container, string image)
    {
        var applied = d.Copy();
        applied.Remove("status");
        Container(applied, container)!["image"] = image;
        // The plugin's own annotations are not in the tool's manifest.
        if (applied.At("metadata.annotations") is JsonObject a)
        {
            foreach (var k in a.Select(kv => kv.Key).Where(k => k.StartsWith("klutch.anynines.com/", StringComparison.Ordinal)).ToList())
            {
                a.Remove(k);
            }
        }
        return applied;
    }
}
