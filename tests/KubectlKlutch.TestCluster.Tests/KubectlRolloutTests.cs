using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster.Tests;

/// <summary>The app-cluster update from the product page, followed to its end with kubectl.</summary>
public sealed class KubectlRolloutTests
{
    private const string NewImage = "public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1";

    [ScenarioFact]
    public async Task Set_image_rolls_out_a_new_replica_set_and_rollout_status_succeeds()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        var set = await cluster.KubectlOk("set", "image", "--namespace", "klutch-bind", "deployment/konnector", $"konnector={NewImage}");
        Assert.Equal("deployment.apps/konnector image updated\n", set);

        var status = await cluster.Kubectl("rollout", "status", "-n", "klutch-bind", "deployment/konnector", "--timeout=30s");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.EndsWith("deployment \"konnector\" successfully rolled out\n", status.Stdout);

        var deployment = cluster.Fake.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!;
        Assert.Equal(2, deployment["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(2, deployment["status"]!["observedGeneration"]!.GetValue<long>());
        Assert.Equal("2", deployment["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
        var progressing = deployment["status"]!["conditions"]!.AsArray().First(c => c!["type"]!.GetValue<string>() == "Progressing")!;
        Assert.Equal("NewReplicaSetAvailable", progressing["reason"]!.GetValue<string>());
        // The env list and everything else of the container survived the strategic merge.
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(NewImage, container["image"]!.GetValue<string>());
        Assert.Equal(2, container["env"]!.AsArray().Count);

        var sets = cluster.Fake.State.List("apps/v1", "ReplicaSet", "klutch-bind");
        Assert.Equal(2, sets.Count);
        var newSet = sets.Single(s => s["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>() == NewImage);
        Assert.Equal("2", newSet["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
        Assert.Equal(0, sets.Single(s => s != newSet)["spec"]!["replicas"]!.GetValue<long>());
        var pods = cluster.Fake.State.List("v1", "Pod", "klutch-bind");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.StartsWith(newSet["metadata"]!["name"]!.GetValue<string>() + "-", p["metadata"]!["name"]!.GetValue<string>()));
        Assert.All(pods, p => Assert.Equal(newSet["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>(),
            p["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>()));
    }

    [FakeOnlyFact("marks the image as missing in the fake registry")]
    public async Task Missing_image_leaves_pods_in_image_pull_back_off_and_rollout_status_fails_at_the_deadline()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        const string missing = "public.ecr.aws/w5n9a2g2/klutch/konnector:v9.9.9";
        cluster.Fake.Images.MarkMissing(missing);
        await cluster.KubectlOk("set", "image", "-n", "klutch-bind", "deployment/konnector", $"konnector={missing}");

        var status = await cluster.Kubectl("rollout", "status", "-n", "klutch-bind", "deployment/konnector", "--timeout=30s");
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("Waiting for deployment \"konnector\" rollout to finish: 1 out of 2 new replicas have been updated...", status.Stdout);
        Assert.Equal("error: deployment \"konnector\" exceeded its progress deadline\n", status.Stderr);

        var pods = await cluster.KubectlOk("get", "pods", "-n", "klutch-bind");
        Assert.Contains("0/1     ImagePullBackOff   0", pods);
        Assert.Equal(2, pods.Split('\n').Count(l => l.Contains("1/1     Running", StringComparison.Ordinal)));

        var waiting = await cluster.KubectlOk("get", "pods", "-n", "klutch-bind", "-o",
            "jsonpath={range .items[*]}{.status.containerStatuses[0].state.waiting.reason}|{.status.containerStatuses[0].state.waiting.message}{\"\\n\"}{end}");
        Assert.Contains($"ImagePullBackOff|Back-off pulling image \"{missing}\": ErrImagePull: rpc error: code = NotFound", waiting);

        var events = await cluster.KubectlOk("get", "events", "-n", "klutch-bind", "--field-selector", "reason=Failed", "-o", "jsonpath={.items[*].message}");
        Assert.Contains($"Failed to pull image \"{missing}\"", events);
        Assert.Contains("Error: ErrImagePull", events);
        Assert.Contains("Error: ImagePullBackOff", events);
        var backOff = await cluster.KubectlOk("get", "events", "-n", "klutch-bind", "--field-selector", "reason=BackOff", "-o", "jsonpath={.items[*].message}");
        Assert.Contains($"Back-off pulling image \"{missing}\"", backOff);

        var progressing = await cluster.KubectlOk("get", "deploy", "konnector", "-n", "klutch-bind", "-o",
            "jsonpath={.status.conditions[?(@.type==\"Progressing\")].status} {.status.conditions[?(@.type==\"Progressing\")].reason}");
        Assert.Equal("False ProgressDeadlineExceeded", progressing);
    }

    [FakeOnlyFact("marks the image as missing in the fake registry")]
    public async Task Rolling_back_from_a_missing_image_completes_and_removes_the_failed_pods()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        const string missing = "public.ecr.aws/w5n9a2g2/klutch/konnector:v9.9.9";
        cluster.Fake.Images.MarkMissing(missing);
        await cluster.KubectlOk("set", "image", "-n", "klutch-bind", "deployment/konnector", $"konnector={missing}");
        Assert.Equal(1, (await cluster.Kubectl("rollout", "status", "-n", "klutch-bind", "deployment/konnector", "--timeout=30s")).ExitCode);

        await cluster.KubectlOk("set", "image", "-n", "klutch-bind", "deployment/konnector", "konnector=public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0");
        var status = await cluster.Kubectl("rollout", "status", "-n", "klutch-bind", "deployment/konnector", "--timeout=30s");
        Assert.True(status.ExitCode == 0, status.ToString());
        var pods = cluster.Fake.State.List("v1", "Pod", "klutch-bind");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", p["spec"]!["containers"]![0]!["image"]!.GetValue<string>()));
        Assert.Equal("True NewReplicaSetAvailable", await cluster.KubectlOk("get", "deploy", "konnector", "-n", "klutch-bind", "-o",
            "jsonpath={.status.conditions[?(@.type==\"Progressing\")].status} {.status.conditions[?(@.type==\"Progressing\")].reason}"));
    }

    [FakeOnlyFact("marks the image as crashing in the fake kubelet")]
    public async Task Crashing_image_leaves_pods_in_crash_loop_back_off()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.LegacyAppCluster);
        const string crashing = "public.ecr.aws/w5n9a2g2/anynines/konnector:v1.2.9";
        cluster.Fake.Images.MarkCrashing(crashing);
        await cluster.KubectlOk("set", "image", "-n", "kube-bind", "deployment/konnector", $"konnector={crashing}");
        var status = await cluster.Kubectl("rollout", "status", "-n", "kube-bind", "deployment/konnector", "--timeout=30s");
        Assert.Equal(1, status.ExitCode);
        var pods = await cluster.KubectlOk("get", "pods", "-n", "kube-bind", "-o",
            "jsonpath={range .items[*]}{.status.containerStatuses[0].state.waiting.reason}{\"\\n\"}{end}");
        Assert.Contains("CrashLoopBackOff", pods);
        var table = await cluster.KubectlOk("get", "pods", "-n", "kube-bind");
        Assert.Contains("0/1     CrashLoopBackOff   3", table);
        var events = await cluster.KubectlOk("get", "events", "-n", "kube-bind", "--field-selector", "reason=BackOff", "-o", "jsonpath={.items[*].message}");
        Assert.Contains("Back-off restarting failed container konnector in pod", events);
    }

    [ScenarioFact]
    public async Task Recreate_backend_rolls_out_after_image_change()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlane);
        await cluster.KubectlOk("set", "image", "-n", "bind", "deployment/anynines-backend",
            "anynines-backend=public.ecr.aws/w5n9a2g2/klutch/example-backend:v1.3.1");
        var status = await cluster.Kubectl("rollout", "status", "-n", "bind", "deployment/anynines-backend", "--timeout=30s");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/example-backend:v1.3.1",
            await cluster.KubectlOk("get", "pods", "-n", "bind", "-o", "jsonpath={.items[*].spec.containers[0].image}"));
    }

    [ScenarioFact]
    public async Task Patch_merge_and_json_change_the_deployment_and_bump_generation()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        Assert.Equal("deployment.apps/konnector patched\n", await cluster.KubectlOk("patch", "deployment", "konnector", "-n", "klutch-bind",
            "--type", "merge", "-p", "{\"metadata\":{\"labels\":{\"team\":\"klutch\"}}}"));
        Assert.Equal("1", await cluster.KubectlOk("get", "deploy", "konnector", "-n", "klutch-bind", "-o", "jsonpath={.metadata.generation}"));

        await cluster.KubectlOk("patch", "deployment", "konnector", "-n", "klutch-bind", "--type", "json", "-p",
            "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]");
        Assert.Equal("2 klutch", await cluster.KubectlOk("get", "deploy", "konnector", "-n", "klutch-bind", "-o",
            "jsonpath={.metadata.generation} {.metadata.labels.team}"));
        var status = await cluster.Kubectl("rollout", "status", "-n", "klutch-bind", "deployment/konnector", "--timeout=30s");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("3/3", (await cluster.KubectlOk("get", "deploy", "konnector", "-n", "klutch-bind", "--no-headers")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

        var noChange = await cluster.KubectlOk("patch", "deployment", "konnector", "-n", "klutch-bind", "--type", "merge", "-p", "{\"spec\":{\"replicas\":3}}");
        Assert.Equal("deployment.apps/konnector patched (no change)\n", noChange);

        var failed = await cluster.Kubectl("patch", "deployment", "konnector", "-n", "klutch-bind", "--type", "json", "-p",
            "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":7}]");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("test failed", failed.Stderr);
    }

    [ScenarioFact]
    public async Task Dry_run_server_changes_nothing()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        var before = cluster.Fake.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!.ToJsonString();
        var output = await cluster.KubectlOk("set", "image", "-n", "klutch-bind", "deployment/konnector", $"konnector={NewImage}", "--dry-run=server", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
        Assert.Equal(NewImage, output);
        Assert.Equal(before, cluster.Fake.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!.ToJsonString());
        Assert.Equal(0, cluster.Fake.Writes);
        Assert.Contains(cluster.Fake.Requests, r => r.Verb == "patch" && r.DryRun && r.StatusCode == 200);
    }
}

/// <summary>The other rollout verbs a user may reach for during an upgrade.</summary>
public sealed class KubectlRolloutVerbTests
{
    [ScenarioFact]
    public async Task Scale_restart_undo_and_history_behave_like_a_real_cluster()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        Assert.Equal("deployment.apps/konnector scaled\n", await cluster.KubectlOk("scale", "-n", "klutch-bind", "deployment/konnector", "--replicas=3"));
        await cluster.KubectlOk("rollout", "status", "-n", "klutch-bind", "deployment/konnector", "--timeout=30s");
        Assert.Equal("3/3", (await cluster.KubectlOk("get", "deploy", "konnector", "-n", "klutch-bind", "--no-headers")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

        await cluster.KubectlOk("rollout", "restart", "-n", "klutch-bind", "deployment/konnector");
        await cluster.KubectlOk("rollout", "status", "-n", "klutch-bind", "deployment/konnector", "--timeout=30s");
        Assert.Equal("deployment.apps/konnector rolled back\n", await cluster.KubectlOk("rollout", "undo", "-n", "klutch-bind", "deployment/konnector"));
        await cluster.KubectlOk("rollout", "status", "-n", "klutch-bind", "deployment/konnector", "--timeout=30s");

        // The undo reused the original ReplicaSet (same template hash) and gave it the next revision.
        var sets = cluster.Fake.State.List("apps/v1", "ReplicaSet", "klutch-bind");
        Assert.Equal(2, sets.Count);
        var original = sets.Single(s => s["metadata"]!["creationTimestamp"]!.GetValue<string>() != sets.Max(x => x["metadata"]!["creationTimestamp"]!.GetValue<string>()));
        Assert.Equal(3, original["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("3", original["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
        var history = await cluster.KubectlOk("rollout", "history", "-n", "klutch-bind", "deployment/konnector");
        Assert.Equal("deployment.apps/konnector \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n", history);
    }
}
