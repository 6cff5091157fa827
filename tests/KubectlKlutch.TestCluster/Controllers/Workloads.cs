using System.Globalization;
using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>How a pod of a given image fares on the fake kubelet.</summary>
internal enum PodOutcome
{
    /// <summary>Just created: the kubelet is pulling and starting; it becomes Running on the next step.</summary>
    ContainerCreating,
    Running,

    /// <summary>The first failed pull; the kubelet backs off (ImagePullBackOff) on the next step.</summary>
    ErrImagePull,
    ImagePullBackOff,
    CrashLoopBackOff,
}

/// <summary>
/// Builders for ReplicaSets and Pods in the shape the Deployment and ReplicaSet controllers and the
/// kubelet leave them. Scenarios seed with the same builders the controller uses, so a seeded
/// cluster is indistinguishable from one that rolled out here.
/// </summary>
internal static class Workloads
{
    public const string HashLabel = "pod-template-hash";
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    /// <summary>The pod-template-hash of a Deployment's current template (keys sorted, so patches that reorder keys do not count as changes).</summary>
    public static string TemplateHash(JsonObject deployment) =>
        Names.TemplateHash(Canonical(deployment.At("spec.template")));

    public static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(',', o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"\"{kv.Key}\":{Canonical(kv.Value)}")) + "}",
        JsonArray a => "[" + string.Join(',', a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    public static JsonObject OwnerRef(JsonObject owner, bool controller = true) => new()
    {
        ["apiVersion"] = owner.Str("apiVersion"),
        ["kind"] = owner.Str("kind"),
        ["name"] = owner.Name(),
        ["uid"] = owner.Str("metadata.uid"),
        ["controller"] = controller,
        ["blockOwnerDeletion"] = true,
    };

    public static JsonObject NewReplicaSet(JsonObject deployment, string hash, long revision, int replicas, DateTimeOffset created)
    {
        var template = (JsonObject)deployment.At("spec.template")!.DeepClone();
        template.Obj("metadata").Obj("labels")[HashLabel] = hash;
        var labels = (JsonObject)template.Obj("metadata").Obj("labels").DeepClone();
        var selector = (JsonObject)(deployment.At("spec.selector")?.DeepClone() ?? new JsonObject());
        selector.Obj("matchLabels")[HashLabel] = hash;
        var desired = deployment.Long("spec.replicas") ?? 1;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{deployment.Name()}-{hash}",
                ["namespace"] = deployment.Namespace(),
                ["creationTimestamp"] = Json.Time(created),
                ["generation"] = 1,
                ["labels"] = labels,
                ["annotations"] = new JsonObject
                {
                    ["deployment.kubernetes.io/desired-replicas"] = desired.ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/max-replicas"] = (desired + MaxSurge(deployment)).ToString(CultureInfo.InvariantCulture),
                    [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
                },
                ["ownerReferences"] = new JsonArray(OwnerRef(deployment)),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = selector,
                ["template"] = template,
            },
            ["status"] = new JsonObject { ["replicas"] = 0, ["observedGeneration"] = 1 },
        };
    }

    /// <summary>maxSurge of a RollingUpdate Deployment as a count (25% rounded up, like the controller); 0 for Recreate.</summary>
    public static int MaxSurge(JsonObject deployment) => Percent(deployment, "maxSurge", roundUp: true);

    public static int MaxUnavailable(JsonObject deployment) => Percent(deployment, "maxUnavailable", roundUp: false);

    private static int Percent(JsonObject deployment, string field, bool roundUp)
    {
        if (deployment.Str("spec.strategy.type") == "Recreate")
        {
            return 0;
        }
        var desired = (int)(deployment.Long("spec.replicas") ?? 1);
        var node = deployment.At($"spec.strategy.rollingUpdate.{field}");
        var text = node?.ToString() ?? "25%";
        if (text.EndsWith('%') && int.TryParse(text[..^1], out var pct))
        {
            var exact = desired * pct / 100.0;
            return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
        }
        return int.TryParse(text, out var n) ? n : 1;
    }

    /// <summary>A pod of the ReplicaSet as the kubelet would report it for the given outcome.</summary>
    public static JsonObject NewPod(JsonObject replicaSet, PodOutcome outcome, DateTimeOffset created, int podIndex)
    {
        var template = (JsonObject)replicaSet.At("spec.template")!;
        var name = $"{replicaSet.Name()}-{Names.Random(5)}";
        var spec = (JsonObject)(template["spec"]?.DeepClone() ?? new JsonObject());
        spec["nodeName"] = "klutch-test-node";
        var labels = (JsonObject)(template.At("metadata.labels")?.DeepClone() ?? new JsonObject());
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["generateName"] = replicaSet.Name() + "-",
                ["namespace"] = replicaSet.Namespace(),
                ["uid"] = Guid.NewGuid().ToString(),
                ["creationTimestamp"] = Json.Time(created),
                ["labels"] = labels,
                ["ownerReferences"] = new JsonArray(OwnerRef(replicaSet)),
            },
            ["spec"] = spec,
        };
        pod["status"] = Status(pod, outcome, created, created, podIndex);
        return pod;
    }

    /// <summary>The status the kubelet reports for a pod in the given state (started: when it got there).</summary>
    public static JsonObject Status(JsonObject pod, PodOutcome outcome, DateTimeOffset created, DateTimeOffset started, int podIndex)
    {
        var name = pod.Name();
        var ns = pod.Namespace();
        var uid = pod.Str("metadata.uid");
        var containers = (pod.At("spec.containers") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var startedAt = Json.Time(started);
        var ready = outcome == PodOutcome.Running;
        var pulled = outcome is PodOutcome.Running or PodOutcome.CrashLoopBackOff;
        var statuses = new JsonArray();
        foreach (var c in containers)
        {
            var image = c.Str("image") ?? "";
            var status = new JsonObject
            {
                ["name"] = c.Str("name"),
                ["image"] = image,
                ["imageID"] = pulled ? $"{ImageRepository(image)}@{Names.Digest(image)}" : "",
                ["ready"] = ready,
                ["started"] = ready,
                ["restartCount"] = outcome == PodOutcome.CrashLoopBackOff ? 3 : 0,
            };
            if (pulled)
            {
                status["containerID"] = "containerd://" + Names.Digest(name + c.Str("name"))[7..];
            }
            status["state"] = outcome switch
            {
                PodOutcome.ContainerCreating => new JsonObject
                {
                    ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" },
                },
                PodOutcome.ErrImagePull => new JsonObject
                {
                    ["waiting"] = new JsonObject
                    {
                        ["reason"] = "ErrImagePull",
                        ["message"] = PullError(image),
                    },
                },
                PodOutcome.ImagePullBackOff => new JsonObject
                {
                    ["waiting"] = new JsonObject
                    {
                        ["reason"] = "ImagePullBackOff",
                        ["message"] = $"Back-off pulling image \"{image}\": ErrImagePull: {PullError(image)}",
                    },
                },
                PodOutcome.CrashLoopBackOff => new JsonObject
                {
                    ["waiting"] = new JsonObject
                    {
                        ["reason"] = "CrashLoopBackOff",
                        ["message"] = $"back-off 40s restarting failed container={c.Str("name")} pod={name}_{ns}({uid})",
                    },
                },
                _ => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = startedAt } },
            };
            if (outcome == PodOutcome.CrashLoopBackOff)
            {
                status["lastState"] = new JsonObject
                {
                    ["terminated"] = new JsonObject
                    {
                        ["exitCode"] = 1,
                        ["reason"] = "Error",
                        ["startedAt"] = startedAt,
                        ["finishedAt"] = startedAt,
                    },
                };
            }
            statuses.Add(status);
        }
        var t = Json.Time(created);
        var readyStatus = ready ? "True" : "False";
        JsonObject Cond(string type, string status, string? reason = null, string? at = null)
        {
            var c = new JsonObject { ["type"] = type, ["status"] = status, ["lastProbeTime"] = null, ["lastTransitionTime"] = at ?? t };
            if (reason != null)
            {
                c["reason"] = reason;
            }
            return c;
        }
        return new JsonObject
        {
            ["phase"] = pulled ? "Running" : "Pending",
            ["conditions"] = new JsonArray(
                Cond("PodReadyToStartContainers", pulled ? "True" : "False", at: startedAt),
                Cond("Initialized", "True"),
                Cond("Ready", readyStatus, ready ? null : "ContainersNotReady", startedAt),
                Cond("ContainersReady", readyStatus, ready ? null : "ContainersNotReady", startedAt),
                Cond("PodScheduled", "True")),
            ["hostIP"] = "10.89.0.2",
            ["podIP"] = $"10.244.0.{10 + podIndex % 240}",
            ["startTime"] = t,
            ["containerStatuses"] = statuses,
            ["qosClass"] = "BestEffort",
        };
    }

    public static string PullError(string image) =>
        $"rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found";

    public static string ImageRepository(string image)
    {
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? image[..colon] : image;
    }
}
