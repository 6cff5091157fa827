namespace KubectlKlutch.TestCluster.Tests;

/// <summary>
/// metadata.managedFields as real kubectl shows them: who set each field, by which write path.
/// The create and set-image cases bring their own namespace, so they also hold against a real cluster.
/// </summary>
public sealed class ManagedFieldsTests
{
    private const string Manifest = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"konnector","labels":{"app":"konnector"}},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"konnector"}},
          "template":{"metadata":{"labels":{"app":"konnector"}},"spec":{"containers":[{"name":"konnector","image":"registry.k8s.io/pause:3.10"}]}}}}
        """;

    private static Task<string> Managers(TestCluster c, string ns) =>
        c.KubectlOk("get", "deployment", "konnector", "-n", ns, "-o", "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation} {end}");

    /// <summary>The manager whose entry holds the konnector container's image.</summary>
    private static async Task<string> ImageOwner(TestCluster c, string ns)
    {
        var yaml = await c.KubectlOk("get", "deployment", "konnector", "-n", ns, "-o", "yaml", "--show-managed-fields");
        var entries = yaml.Split("\n  - apiVersion: ").Skip(1);
        var owners = entries.Where(e => e.Contains("k:{\"name\":\"konnector\"}:", StringComparison.Ordinal) &&
                e.Contains("f:image: {}", StringComparison.Ordinal))
            .Select(e => e.Split('\n').First(l => l.TrimStart().StartsWith("manager: ", StringComparison.Ordinal)).Trim()["manager: ".Length..]);
        return string.Join(",", owners);
    }

    [Fact]
    public async Task Create_then_set_image_moves_the_image_to_kubectl_set()
    {
        await using var c = await TestCluster.StartAsync(Scenarios.Empty);
        var ns = "klutch-test-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await c.KubectlOk("create", "namespace", ns);
            var created = await c.KubectlWithInput(Manifest, "create", "-n", ns, "-f", "-");
            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.Equal("kubectl-create/Update ", await Managers(c, ns));
            Assert.Equal("kubectl-create", await ImageOwner(c, ns));

            await c.KubectlOk("set", "image", "-n", ns, "deployment/konnector", "konnector=registry.k8s.io/pause:3.9");
            Assert.StartsWith("kubectl-create/Update kubectl-set/Update", await Managers(c, ns));
            Assert.Equal("kubectl-set", await ImageOwner(c, ns));
        }
        finally
        {
            await c.Kubectl("delete", "namespace", ns, "--wait=false");
        }
    }

    [FakeOnlyFact("a fresh namespace with a server-side apply and a patch, on the fake's clock")]
    public async Task Server_side_apply_takes_the_image_and_a_patch_takes_it_back()
    {
        await using var c = await TestCluster.StartAsync(Scenarios.Empty);
        var applied = await c.KubectlWithInput(Manifest, "apply", "--server-side", "-n", "default", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Equal("kubectl/Apply ", await Managers(c, "default"));

        await c.KubectlOk("patch", "-n", "default", "deployment/konnector", "--type", "strategic",
            "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"konnector","image":"registry.k8s.io/pause:3.9"}]}}}}""");
        Assert.Equal("kubectl/Apply kubectl-patch/Update ", await Managers(c, "default"));
        Assert.Equal("kubectl-patch", await ImageOwner(c, "default"));

        await c.KubectlOk("patch", "-n", "default", "deployment/konnector", "--type", "merge", "--field-manager", "someone",
            "-p", """{"metadata":{"labels":{"team":"a"}}}""");
        Assert.Contains("someone/Update", await Managers(c, "default"));
        Assert.Equal("kubectl-patch", await ImageOwner(c, "default"));
    }

    [FakeOnlyTheory("the owner scenarios are the fake's")]
    [InlineData(OwnerScenarios.ArgoCdAutomated, "argocd-controller/Apply ")]
    [InlineData(OwnerScenarios.ArgoCdManual, "argocd-controller/Update ")]
    [InlineData(OwnerScenarios.Flux, "kustomize-controller/Apply ")]
    [InlineData(OwnerScenarios.HelmController, "helm-controller/Update ")]
    [InlineData(OwnerScenarios.Helm, "helm/Update ")]
    [InlineData(OwnerScenarios.KubectlApply, "kubectl-client-side-apply/Update ")]
    public async Task Owner_scenarios_are_owned_by_their_tool(string scenario, string managers)
    {
        await using var c = await TestCluster.StartAsync(scenario);
        Assert.Equal(managers, await Managers(c, "klutch-bind"));
        Assert.Equal(managers.Split('/')[0], await ImageOwner(c, "klutch-bind"));
    }

    [FakeOnlyFact("the reverting controller is the fake's")]
    public async Task The_reverter_puts_the_image_back_under_its_own_manager()
    {
        await using var c = await TestCluster.StartAsync(OwnerScenarios.Reverting);
        await c.KubectlOk("set", "image", "-n", "klutch-bind", "deployment/konnector", "konnector=" + Seeder.NewPrefix + "konnector:v1.3.1");
        Assert.Equal("kubectl-set", await ImageOwner(c, "klutch-bind"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string image;
        do
        {
            await Task.Delay(100);
            image = await c.KubectlOk("get", "deployment", "konnector", "-n", "klutch-bind", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
        }
        while (image != OwnerScenarios.Image && DateTime.UtcNow < deadline);
        Assert.Equal(OwnerScenarios.Image, image);
        Assert.Equal(OwnerScenarios.KeeperManager, await ImageOwner(c, "klutch-bind"));
    }
}
