namespace KubectlKlutch.TestCluster.Tests;

/// <summary>RBAC denials and authentication failures as kubectl reports them.</summary>
public sealed class KubectlAuthTests
{
    [FakeOnlyFact("configures an RBAC denial")]
    public async Task Denied_patch_is_a_403_with_the_api_servers_wording()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        cluster.Fake.Rbac.Deny("patch", "deployments", "apps");
        var result = await cluster.Kubectl("set", "image", "-n", "klutch-bind", "deployment/konnector", "konnector=x/konnector:v2");
        Assert.Equal(1, result.ExitCode);
        // kubectl set image wraps the server's Status message in its own prefix.
        Assert.Equal("error: failed to patch image update to pod template: deployments.apps \"konnector\" is forbidden: User \"klutch-tester\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"klutch-bind\"\n", result.Stderr);
        // Writes counts attempts (a denied write is still one the plugin tried), and the state is untouched.
        Assert.Equal(1, cluster.Fake.Writes);
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0",
            cluster.Fake.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Contains(cluster.Fake.Requests, r => r.Verb == "patch" && r.Resource == "deployments" && r.StatusCode == 403);

        // Reads still work.
        await cluster.KubectlOk("get", "deployment", "konnector", "-n", "klutch-bind");
    }

    [FakeOnlyFact("configures an RBAC denial")]
    public async Task Denied_list_of_cluster_scoped_provider_configs()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlane);
        cluster.Fake.Rbac.Deny("list", "providerconfigs", "dataservices.anynines.com");
        var result = await cluster.Kubectl("get", "providerconfigs.dataservices.anynines.com");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (Forbidden): providerconfigs.dataservices.anynines.com is forbidden: User \"klutch-tester\" cannot list resource \"providerconfigs\" in API group \"dataservices.anynines.com\" at the cluster scope\n", result.Stderr);
        cluster.Fake.Rbac.Reset();
        await cluster.KubectlOk("get", "providerconfigs.dataservices.anynines.com");
    }

    [FakeOnlyFact("uses a wrong token on purpose")]
    public async Task Wrong_token_is_401()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.Empty);
        var result = await cluster.Kubectl("get", "namespaces", "--token", "wrong");
        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("error: You must be logged in to the server (the server has asked for the client to provide credentials)\n", result.Stderr);
    }
}
