using System.Globalization;
using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Plays the Deployment controller, the ReplicaSet controller and the kubelet together. Each step
/// moves every Deployment one notch toward its template: a new ReplicaSet for a changed template,
/// then new pods in (RolloutSteps notches) and old pods out, with the status fields and conditions
/// `kubectl rollout status` reads. Pods of an image marked missing or crashing never become ready,
/// so the rollout stalls until the progress deadline, as on a real cluster.
/// </summary>
internal sealed class DeploymentController(TestApiServer server)
{
    private ClusterState State => server.State;

    public void Step()
    {
        var deployments = State.ListOf(Type("apps", "deployments"), null);
        foreach (var d in deployments)
        {
            Reconcile(d);
        }
    }

    private ResourceType Type(string group, string plural) =>
        State.Types.All().First(t => t.Group == group && t.Plural == plural);

    private void Reconcile(JsonObject d)
    {
        var now = State.Clock();
        var rsType = Type("apps", "replicasets");
        var podType = Type("", "pods");
        var ns = d.Namespace();
        var uid = d.Str("metadata.uid");
        var desired = (int)(d.Long("spec.replicas") ?? 1);
        var owned = State.ListOf(rsType, ns).Where(rs => OwnedBy(rs, uid)).ToList();
        var hash = Workloads.TemplateHash(d);
        var newRs = owned.FirstOrDefault(rs => rs.Str($"metadata.labels.{Workloads.HashLabel}") == hash);
        var progressed = false;

        if (newRs == null)
        {
            var revision = owned.Select(Revision).DefaultIfEmpty(0).Max() + 1;
            newRs = State.Put(Workloads.NewReplicaSet(d, hash, revision, 0, now));
            owned.Add(newRs);
            SetRevisionAnnotation(d, revision);
            progressed = true;
        }
        else if (Revision(newRs) != Revision(d) && Revision(d) != 0 && owned.Count > 1)
        {
            // A rollback to an older template: it becomes the newest revision again.
            var revision = owned.Max(Revision) + 1;
            newRs = State.Mutate(rsType, ns, newRs.Name(),
                rs => rs.Meta().Obj("annotations")[Workloads.RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture)) ?? newRs;
            SetRevisionAnnotation(d, revision);
        }

        // The kubelet's step: pods created in an earlier step have started (or failed) by now.
        foreach (var rs in owned)
        {
            var becameReady = PromotePods(rs, podType, now);
            progressed |= becameReady > 0 && rs.Name() == newRs.Name();
        }

        var outcome = Outcome(d);
        var oldSets = owned.Where(rs => rs.Name() != newRs.Name()).ToList();
        var newReady = ReadyPods(newRs, podType);
        var newReplicas = (int)(newRs.Long("spec.replicas") ?? 0);
        var oldReplicas = oldSets.Sum(rs => (int)(rs.Long("spec.replicas") ?? 0));
        var stepSize = Math.Max(1, (int)Math.Ceiling(desired / (double)Math.Max(1, server.Options.RolloutSteps)));
        int targetNew;
        var targetOld = oldReplicas;
        if (d.Str("spec.strategy.type") == "Recreate")
        {
            // Recreate: all old pods go first, then the new ones come up.
            if (oldReplicas > 0)
            {
                targetOld = 0;
                targetNew = newReplicas;
            }
            else
            {
                targetNew = outcome == PodOutcome.Running ? Math.Min(desired, newReplicas + stepSize) : desired;
            }
        }
        else if (outcome != PodOutcome.Running)
        {
            // The new pods will never be ready: surge what the strategy allows and stop there.
            targetNew = Math.Min(desired, Math.Max(newReplicas, Math.Max(1, Workloads.MaxSurge(d))));
        }
        else
        {
            targetNew = Math.Min(desired, newReplicas + stepSize);
            if (newReplicas > desired)
            {
                targetNew = desired;
            }
            // Old pods go only as new ones become ready, so availability never drops (maxUnavailable 0 for small counts).
            targetOld = Math.Min(oldReplicas, Math.Max(0, desired - newReady));
        }

        if (targetNew != newReplicas)
        {
            Scale(d, newRs, targetNew);
            progressed = true;
        }
        // Old sets shrink unready first, then oldest first (the newest healthy old pods are kept longest).
        var remainingOld = targetOld;
        foreach (var rs in oldSets.OrderByDescending(rs => ReadyPods(rs, podType) > 0).ThenByDescending(Revision))
        {
            var current = (int)(rs.Long("spec.replicas") ?? 0);
            var keep = Math.Min(current, remainingOld);
            remainingOld -= keep;
            if (keep != current)
            {
                Scale(d, rs, keep);
                progressed = true;
            }
        }

        // The ReplicaSet controller and kubelet: pods follow spec.replicas of each set.
        var ready = 0;
        var total = 0;
        var updated = 0;
        foreach (var rs in State.ListOf(rsType, ns).Where(rs => OwnedBy(rs, uid)))
        {
            var isNew = rs.Name() == newRs.Name();
            var (podsReady, podsTotal) = SyncPods(rs, podType, now);
            ready += podsReady;
            total += podsTotal;
            if (isNew)
            {
                updated = podsTotal;
            }
        }

        UpdateStatus(d, newRs.Name(), desired, total, updated, ready, progressed, now);
    }

    private static bool OwnedBy(JsonObject obj, string? uid) =>
        (obj.At("metadata.ownerReferences") as JsonArray)?.OfType<JsonObject>().Any(r => r.Str("uid") == uid) == true;

    private static long Revision(JsonObject obj) =>
        long.TryParse(obj.At("metadata.annotations") is JsonObject a ? a[Workloads.RevisionAnnotation]?.ToString() : null,
            out var r) ? r : 0;

    private void SetRevisionAnnotation(JsonObject d, long revision)
    {
        State.Mutate(Type("apps", "deployments"), d.Namespace(), d.Name(),
            current => current.Meta().Obj("annotations")[Workloads.RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>How pods of this template (a Deployment's or a ReplicaSet's) fare on the fake kubelet.</summary>
    private PodOutcome Outcome(JsonObject withTemplate)
    {
        var images = (withTemplate.At("spec.template.spec.containers") as JsonArray)?.OfType<JsonObject>()
            .Select(c => c.Str("image") ?? "").ToList() ?? [];
        if (images.Any(server.Images.IsMissing))
        {
            return PodOutcome.ImagePullBackOff;
        }
        return images.Any(server.Images.IsCrashing) ? PodOutcome.CrashLoopBackOff : PodOutcome.Running;
    }

    private void Scale(JsonObject d, JsonObject rs, int replicas)
    {
        var from = rs.Long("spec.replicas") ?? 0;
        State.Mutate(Type("apps", "replicasets"), rs.Namespace(), rs.Name(), current =>
        {
            from = current.Long("spec.replicas") ?? 0;
            current.Obj("spec")["replicas"] = replicas;
        });
        var verb = replicas > from ? "up" : "down";
        Events.Record(State, d, "Normal", "ScalingReplicaSet",
            $"Scaled {verb} replica set {rs.Name()} from {from} to {replicas}", "deployment-controller");
    }

    private (int Ready, int Total) SyncPods(JsonObject rsSnapshot, ResourceType podType, DateTimeOffset now)
    {
        var rs = State.Read(Type("apps", "replicasets"), rsSnapshot.Namespace(), rsSnapshot.Name())!;
        var want = (int)(rs.Long("spec.replicas") ?? 0);
        var uid = rs.Str("metadata.uid");
        var pods = State.ListOf(podType, rs.Namespace()).Where(p => OwnedBy(p, uid)).ToList();
        for (var i = pods.Count; i < want; i++)
        {
            var pod = State.Put(Workloads.NewPod(rs, PodOutcome.ContainerCreating, now, i));
            pods.Add(pod);
            Events.Record(State, rs, "Normal", "SuccessfulCreate", $"Created pod: {pod.Name()}", "replicaset-controller");
        }
        // Unready pods are deleted first, as the ReplicaSet controller does.
        foreach (var extra in pods.OrderByDescending(IsReady).Skip(want).ToList())
        {
            State.Remove(podType, extra.Namespace(), extra.Name(), dryRun: false);
            pods.Remove(extra);
            Events.Record(State, rs, "Normal", "SuccessfulDelete", $"Deleted pod: {extra.Name()}", "replicaset-controller");
        }
        var ready = pods.Count(IsReady);
        var status = new JsonObject
        {
            ["replicas"] = pods.Count,
            ["fullyLabeledReplicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["observedGeneration"] = rs.Long("metadata.generation") ?? 1,
        };
        if (ready == 0)
        {
            status.Remove("readyReplicas");
            status.Remove("availableReplicas");
        }
        State.Mutate(Type("apps", "replicasets"), rs.Namespace(), rs.Name(), current => current["status"] = status);
        return (ready, pods.Count);
    }

    private static bool IsReady(JsonObject pod) => pod.Condition("Ready")?.Str("status") == "True";

    private int ReadyPods(JsonObject rs, ResourceType podType)
    {
        var uid = rs.Str("metadata.uid");
        return State.ListOf(podType, rs.Namespace()).Count(p => OwnedBy(p, uid) && IsReady(p));
    }

    /// <summary>
    /// The kubelet's step for one ReplicaSet's pods: ContainerCreating becomes Running (ready), or
    /// ErrImagePull for a missing image (then ImagePullBackOff a step later), or CrashLoopBackOff for a
    /// crashing one, each with the events the kubelet records. Returns how many pods became ready.
    /// </summary>
    private int PromotePods(JsonObject rs, ResourceType podType, DateTimeOffset now)
    {
        var uid = rs.Str("metadata.uid");
        var outcome = Outcome(rs);
        var ready = 0;
        var index = 0;
        foreach (var pod in State.ListOf(podType, rs.Namespace()).Where(p => OwnedBy(p, uid)))
        {
            index++;
            var waiting = (pod.At("status.containerStatuses") as JsonArray)?.OfType<JsonObject>()
                .Select(c => c.Str("state.waiting.reason")).FirstOrDefault(r => r != null);
            PodOutcome next;
            switch (waiting)
            {
                case "ContainerCreating":
                    next = outcome switch
                    {
                        PodOutcome.ImagePullBackOff => PodOutcome.ErrImagePull,
                        PodOutcome.CrashLoopBackOff => PodOutcome.CrashLoopBackOff,
                        _ => PodOutcome.Running,
                    };
                    break;
                case "ErrImagePull":
                    next = PodOutcome.ImagePullBackOff;
                    break;
                default:
                    continue;
            }
            var created = Json.ParseTime(pod.Str("metadata.creationTimestamp")) ?? now;
            var status = Workloads.Status(pod, next, created, now, index);
            // Events first: whoever sees a pod fail then finds the event that says why.
            RecordKubeletEvents(pod, next);
            State.Mutate(podType, pod.Namespace(), pod.Name(), p => p["status"] = status.DeepClone());
            if (next == PodOutcome.Running)
            {
                ready++;
            }
        }
        return ready;
    }

    private void RecordKubeletEvents(JsonObject pod, PodOutcome state)
    {
        foreach (var c in (pod.At("spec.containers") as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var image = c.Str("image") ?? "";
            var name = c.Str("name");
            var field = $"spec.containers{{{name}}}";
            switch (state)
            {
                case PodOutcome.Running:
                    Events.Record(State, pod, "Normal", "Pulled", $"Container image \"{image}\" already present on machine", "kubelet", field);
                    Events.Record(State, pod, "Normal", "Created", $"Created container: {name}", "kubelet", field);
                    Events.Record(State, pod, "Normal", "Started", $"Started container {name}", "kubelet", field);
                    break;
                case PodOutcome.ErrImagePull when server.Images.IsMissing(image):
                    Events.Record(State, pod, "Normal", "Pulling", $"Pulling image \"{image}\"", "kubelet", field);
                    Events.Record(State, pod, "Warning", "Failed", $"Failed to pull image \"{image}\": {Workloads.PullError(image)}", "kubelet", field);
                    Events.Record(State, pod, "Warning", "Failed", "Error: ErrImagePull", "kubelet", field);
                    break;
                case PodOutcome.ImagePullBackOff when server.Images.IsMissing(image):
                    Events.Record(State, pod, "Normal", "BackOff", $"Back-off pulling image \"{image}\"", "kubelet", field);
                    Events.Record(State, pod, "Warning", "Failed", "Error: ImagePullBackOff", "kubelet", field);
                    break;
                case PodOutcome.CrashLoopBackOff when server.Images.IsCrashing(image):
                    Events.Record(State, pod, "Normal", "Started", $"Started container {name}", "kubelet", field);
                    Events.Record(State, pod, "Warning", "BackOff",
                        $"Back-off restarting failed container {name} in pod {pod.Name()}_{pod.Namespace()}({pod.Str("metadata.uid")})",
                        "kubelet", field);
                    break;
            }
        }
    }

    private void UpdateStatus(JsonObject snapshot, string newRsName, int desired, int total, int updated, int ready,
        bool progressed, DateTimeOffset now)
    {
        var d = State.Read(Type("apps", "deployments"), snapshot.Namespace(), snapshot.Name());
        if (d == null)
        {
            return;
        }
        var before = d["status"]?.DeepClone();
        var status = d.Obj("status");
        // The generation this step reconciled, not the one stored now: a spec changed during the
        // step is seen by the next one, as kube-controller-manager reports it.
        status["observedGeneration"] = snapshot.Long("metadata.generation") ?? 1;
        status["replicas"] = total;
        status["updatedReplicas"] = updated;
        status["readyReplicas"] = ready;
        status["availableReplicas"] = ready;
        if (total - ready > 0)
        {
            status["unavailableReplicas"] = total - ready;
        }
        else
        {
            status.Remove("unavailableReplicas");
        }
        foreach (var key in new[] { "updatedReplicas", "readyReplicas", "availableReplicas", "replicas" })
        {
            if (status.Long(key) == 0)
            {
                status.Remove(key);
            }
        }

        var minAvailable = desired - Workloads.MaxUnavailable(d);
        if (ready >= minAvailable)
        {
            d.SetCondition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now, withUpdateTime: true);
        }
        else
        {
            d.SetCondition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now, withUpdateTime: true);
        }

        var complete = updated == desired && total == desired && ready == desired;
        var progressing = d.Condition("Progressing");
        var deadline = server.Options.ProgressDeadline ?? TimeSpan.FromSeconds(d.Long("spec.progressDeadlineSeconds") ?? 600);
        if (complete)
        {
            d.SetCondition("Progressing", "True", "NewReplicaSetAvailable",
                $"ReplicaSet \"{newRsName}\" has successfully progressed.", now, withUpdateTime: true);
        }
        else if (progressed || progressing == null || progressing.Str("reason") == "NewReplicaSetAvailable")
        {
            d.SetCondition("Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{newRsName}\" is progressing.", now, withUpdateTime: true);
            // SetCondition keeps lastUpdateTime when nothing else changed; progress must move it.
            d.Condition("Progressing")!["lastUpdateTime"] = Json.Time(now);
        }
        else if (progressing.Str("reason") == "ReplicaSetUpdated" &&
                 Json.ParseTime(progressing.Str("lastUpdateTime")) is { } last && now - last > deadline)
        {
            // Only the condition: the deployment controller records no event for a missed deadline.
            d.SetCondition("Progressing", "False", "ProgressDeadlineExceeded",
                $"ReplicaSet \"{newRsName}\" has timed out progressing.", now, withUpdateTime: true);
        }
        if (!JsonNode.DeepEquals(before, d["status"]))
        {
            var newStatus = d["status"]!.DeepClone();
            State.Mutate(Type("apps", "deployments"), d.Namespace(), d.Name(), current => current["status"] = newStatus.DeepClone());
        }
    }
}
