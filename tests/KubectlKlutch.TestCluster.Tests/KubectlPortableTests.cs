namespace KubectlKlutch.TestCluster.Tests;

/// <summary>
/// kubectl tests that bring their own objects (a scratch namespace and a Deployment), so they run
/// unchanged against a real cluster when KLUTCH_TEST_KUBECONFIG is set. The images are real and
/// small (pause), and the missing tag really does not exist; the fake is told the same.
/// </summary>
public sealed class KubectlPortableTests
{
    private const string Good = "registry.k8s.io/pause:3.10";
    private const string NextGood = "registry.k8s.io/pause:3.9";
    private const string Missing = "registry.k8s.io/pause:0.0.0-klutch-does-not-exist";

    private static string Manifest(string image) => """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"konnector","labels":{"app":"konnector"}},
         "spec":{"replicas":2,"progressDeadlineSeconds":20,"selector":{"matchLabels":{"app":"konnector"}},
          "template":{"metadata":{"labels":{"app":"konnector"}},"spec":{"containers":[{"name":"konnector","image":"IMAGE"}]}}}}
        """.Replace("IMAGE", image, StringComparison.Ordinal);

    /// <summary>A namespace of its own with a rolled-out konnector-like Deployment; deleted afterwards.</summary>
    private sealed class Scratch : IAsyncDisposable
    {
        public required TestCluster Cluster { get; init; }
        public required string Namespace { get; init; }

        public static async Task<Scratch> CreateAsync()
        {
            var cluster = await TestCluster.StartAsync(Scenarios.Empty);
            var ns = "klutch-test-" + Guid.NewGuid().ToString("N")[..8];
            await cluster.KubectlOk("create", "namespace", ns);
            var created = await cluster.KubectlWithInput(Manifest(Good), "create", "-n", ns, "-f", "-");
            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.Equal("deployment.apps/konnector created\n", created.Stdout);
            var status = await cluster.Kubectl("rollout", "status", "-n", ns, "deployment/konnector", "--timeout=120s");
            Assert.True(status.ExitCode == 0, status.ToString());
            return new Scratch { Cluster = cluster, Namespace = ns };
        }

        public async ValueTask DisposeAsync()
        {
            await Cluster.Kubectl("delete", "namespace", Namespace, "--wait=false");
            await Cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Set_image_then_rollout_status_succeeds()
    {
        await using var s = await Scratch.CreateAsync();
        Assert.Equal("deployment.apps/konnector image updated\n",
            await s.Cluster.KubectlOk("set", "image", "--namespace", s.Namespace, "deployment/konnector", $"konnector={NextGood}"));
        var status = await s.Cluster.Kubectl("rollout", "status", "-n", s.Namespace, "deployment/konnector", "--timeout=120s");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.EndsWith("deployment \"konnector\" successfully rolled out\n", status.Stdout);
        Assert.Equal($"2 2 2 2 {NextGood}", await s.Cluster.KubectlOk("get", "deployment", "konnector", "-n", s.Namespace, "-o",
            "jsonpath={.metadata.generation} {.status.observedGeneration} {.status.updatedReplicas} {.status.availableReplicas} {.spec.template.spec.containers[0].image}"));
    }

    [Fact]
    public async Task Missing_image_makes_rollout_status_fail()
    {
        await using var s = await Scratch.CreateAsync();
        s.Cluster.Server?.Images.MarkMissing(Missing);
        await s.Cluster.KubectlOk("set", "image", "-n", s.Namespace, "deployment/konnector", $"konnector={Missing}");
        var status = await s.Cluster.Kubectl("rollout", "status", "-n", s.Namespace, "deployment/konnector", "--timeout=120s");
        Assert.Equal(1, status.ExitCode);
        Assert.Equal("error: deployment \"konnector\" exceeded its progress deadline\n", status.Stderr);
        var reasons = await s.Cluster.KubectlOk("get", "pods", "-n", s.Namespace, "-o",
            "jsonpath={range .items[*]}{.status.containerStatuses[0].state.waiting.reason}{\"\\n\"}{end}");
        Assert.Contains(reasons.Split('\n'), r => r is "ImagePullBackOff" or "ErrImagePull");
    }

    [Fact]
    public async Task Patch_merge_and_json_on_a_deployment()
    {
        await using var s = await Scratch.CreateAsync();
        Assert.Equal("deployment.apps/konnector patched\n", await s.Cluster.KubectlOk("patch", "deployment", "konnector", "-n", s.Namespace,
            "--type", "merge", "-p", "{\"metadata\":{\"labels\":{\"team\":\"klutch\"}}}"));
        Assert.Equal("deployment.apps/konnector patched\n", await s.Cluster.KubectlOk("patch", "deployment", "konnector", "-n", s.Namespace,
            "--type", "json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":1}]"));
        Assert.Equal("deployment.apps/konnector patched (no change)\n", await s.Cluster.KubectlOk("patch", "deployment", "konnector", "-n", s.Namespace,
            "--type", "merge", "-p", "{\"spec\":{\"replicas\":1}}"));
        Assert.Equal("klutch 1 2", await s.Cluster.KubectlOk("get", "deployment", "konnector", "-n", s.Namespace, "-o",
            "jsonpath={.metadata.labels.team} {.spec.replicas} {.metadata.generation}"));
        var status = await s.Cluster.Kubectl("rollout", "status", "-n", s.Namespace, "deployment/konnector", "--timeout=120s");
        Assert.True(status.ExitCode == 0, status.ToString());
    }

    [Fact]
    public async Task Apply_updates_the_deployment_it_created()
    {
        await using var s = await Scratch.CreateAsync();
        var applied = await s.Cluster.KubectlWithInput(Manifest(NextGood), "apply", "-n", s.Namespace, "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Equal("deployment.apps/konnector configured\n", applied.Stdout);
        Assert.Equal(NextGood, await s.Cluster.KubectlOk("get", "deployment", "konnector", "-n", s.Namespace, "-o",
            "jsonpath={.spec.template.spec.containers[0].image}"));
    }

    [Fact]
    public async Task Get_prints_the_deployment_table()
    {
        await using var s = await Scratch.CreateAsync();
        var lines = (await s.Cluster.KubectlOk("get", "deployment", "-n", s.Namespace)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$", lines[0]);
        Assert.Matches(@"^konnector\s+2/2\s+2\s+2\s+\d+s$", lines[1]);
    }
}
