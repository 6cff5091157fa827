using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Plays klutch-bind: the backend (its AppClusterBinding reconciler, which writes its own
/// konnector Deployment spec back, and its heartbeat rule on ClusterBindings) and the konnectors
/// (a settled konnector heartbeats: its ClusterBinding's version and heartbeat in control-plane
/// mode, its APIServiceBindings' Heartbeating/Ready on an app cluster). A konnector whose image
/// is marked silent (<see cref="Images.MarkSilent"/>) runs Ready pods and never heartbeats.
/// Does nothing where the kinds are not served.
/// </summary>
internal sealed class BindingController(TestApiServer server)
{
    private ClusterState State => server.State;

    /// <summary>Fixed test wiring for the backend's built-in konnector version: the backend's own tag.</summary>
    private const string KonnectorRepository = Seeder.NewPrefix + "konnector";

    public void Step()
    {
        var now = State.Clock();
        if (Type("AppClusterBinding") is { } acb)
        {
            foreach (var binding in State.ListOf(acb, null))
            {
                ReconcileAppClusterBinding(binding);
            }
        }
        if (Type("ClusterBinding") is { } cb)
        {
            foreach (var binding in State.ListOf(cb, null))
            {
                State.Mutate(cb, binding.Namespace(), binding.Name(), b => Heartbeat(b, now));
            }
        }
        if (Type("APIServiceBinding") is { } sb)
        {
            AppClusterKonnector(sb, now);
        }
    }

    private ResourceType? Type(string kind) => State.Types.FindKind(BindingSeeds.ApiVersion, kind);

    private ResourceType Deployments => State.Types.Find("apps", "v1", "deployments")!;

    /// <summary>The backend's image for a binding: the override, else the konnector of the backend's own release.</summary>
    private string? DesiredImage(JsonObject binding)
    {
        if (binding.Str("spec.konnector.overrides.image") is { Length: > 0 } image) return image;
        var backend = State.ListOf(Deployments, "bind").FirstOrDefault(d => d.Name() == "anynines-backend");
        var backendImage = backend is null ? null : ImageOf(backend);
        var tag = backendImage?[(backendImage.LastIndexOf(':') + 1)..];
        return tag is null ? null : KonnectorRepository + ":" + tag;
    }

    private void ReconcileAppClusterBinding(JsonObject binding)
    {
        if (binding.At("spec.konnector.deploy")?.GetValue<bool>() != true || DesiredImage(binding) is not { } image) return;
        var ns = BindingSeeds.KonnectorNamespace(binding.Namespace()!, binding.Name());
        var name = BindingSeeds.KonnectorName(binding.Name());
        var desired = BindingSeeds.KonnectorPodSpec(binding.Namespace()!, binding.Name(), image);
        // The backend compares the whole spec it builds with the Deployment's and writes its own back.
        State.Mutate(Deployments, ns, name, d =>
        {
            var spec = d.Obj("spec").Obj("template").Obj("spec");
            foreach (var (key, value) in desired)
            {
                if (!JsonNode.DeepEquals(spec[key], value)) spec[key] = value!.DeepClone();
            }
            var extra = spec.Select(kv => kv.Key).Where(k => !desired.ContainsKey(k) && k is "initContainers" or "volumes").ToList();
            foreach (var key in extra) spec.Remove(key);
            if (d.Long("spec.replicas") != 1) d.Obj("spec")["replicas"] = 1;
        });
    }

    /// <summary>A Deployment whose rollout is complete: what runs is its template.</summary>
    private static bool Settled(JsonObject d) =>
        d.Long("status.observedGeneration") == d.Long("metadata.generation")
        && d.Long("status.updatedReplicas") == (d.Long("spec.replicas") ?? 1)
        && d.Long("status.availableReplicas") == (d.Long("spec.replicas") ?? 1)
        && d.Long("status.replicas") == (d.Long("spec.replicas") ?? 1);

    private static string? ImageOf(JsonObject d) => (d.At("spec.template.spec.containers") as JsonArray)?.FirstOrDefault()?.Str("image");

    /// <summary>The konnector's side (version, heartbeat after half the interval), then the backend's rule.</summary>
    private void Heartbeat(JsonObject binding, DateTimeOffset now)
    {
        var status = binding.Obj("status");
        var interval = Durations(status.Str("heartbeatInterval"));
        var local = State.ListOf(Deployments, binding.Namespace()).FirstOrDefault(d => Label(d, BindingSeeds.AppClusterBindingNameLabel) != null);
        var beats = local != null
            ? Settled(local) && ImageOf(local) is { } image && !server.Images.IsSilent(image)
            : Annotation(binding, BindingSeeds.RemoteKonnectorAnnotation) != "silent";
        if (beats)
        {
            if (local != null && ImageOf(local) is { } running) status["konnectorVersion"] = running[(running.LastIndexOf(':') + 1)..];
            var last = Json.ParseTime(status.Str("lastHeartbeatTime"));
            if (last is null || interval is null || now - last >= interval / 2) status["lastHeartbeatTime"] = Json.Time(now);
        }
        var beat = Json.ParseTime(status.Str("lastHeartbeatTime"));
        var (healthy, reason, message) = interval is null ? (false, "HeartbeatIntervalMissing", "heartbeat interval is missing")
            : beat is null ? (false, "FirstHeartbeatPending", "waiting for the first heartbeat")
            : now - beat > 2 * interval ? (false, "HeartbeatTimeout", $"heartbeat timed out, last heartbeat at {Json.Time(beat.Value)}")
            : (true, "", "");
        BindingSeeds.Set(binding, "Healthy", healthy, reason, message, now);
        BindingSeeds.Set(binding, "Ready", healthy, reason, message, now);
    }

    /// <summary>The app cluster's konnector: once its rollout settles, its bindings heartbeat, or fail to when the build is silent.</summary>
    private void AppClusterKonnector(ResourceType serviceBindings, DateTimeOffset now)
    {
        var konnector = State.ListOf(Deployments, null).FirstOrDefault(d => d.Name() == "konnector" && d.Str("metadata.labels.app") == "konnector");
        if (konnector is null || !Settled(konnector) || ImageOf(konnector) is not { } image) return;
        var silent = server.Images.IsSilent(image);
        foreach (var binding in State.ListOf(serviceBindings, null))
        {
            State.Mutate(serviceBindings, binding.Namespace(), binding.Name(), b =>
            {
                const string message = "failed to update the heartbeat of the ClusterBinding: the konnector could not reach the provider";
                BindingSeeds.Set(b, "Heartbeating", !silent, "HeartbeatFailed", message, now);
                BindingSeeds.Set(b, "Ready", !silent, "HeartbeatFailed", message, now);
            });
        }
    }

    /// <summary>A Go duration as the backend writes it (`5m0s`, `1h0m0s`, `30s`).</summary>
    private static TimeSpan? Durations(string? go) =>
        go is null ? null : System.Xml.XmlConvert.ToTimeSpan("PT" + go.ToUpperInvariant()) is var t && t > TimeSpan.Zero ? t : null;

    private static string? Label(JsonObject o, string key) => (o.At("metadata.labels") as JsonObject)?[key]?.GetValue<string>();

    private static string? Annotation(JsonObject o, string key) => (o.At("metadata.annotations") as JsonObject)?[key]?.GetValue<string>();
}
