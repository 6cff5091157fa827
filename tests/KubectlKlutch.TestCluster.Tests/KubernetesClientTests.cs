using System.Text.Json;
using k8s;
using k8s.Models;

namespace KubectlKlutch.TestCluster.Tests;

/// <summary>The plugin talks through KubernetesClient.Aot, not kubectl: the same server must satisfy it too.</summary>
public sealed class KubernetesClientTests
{
    [ScenarioFact]
    public async Task The_plugins_client_reads_patches_and_lists_custom_objects()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppAndControlPlane);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.Kubeconfig, currentContext: "klutch-test");
        using var client = new Kubernetes(config);

        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("konnector", "klutch-bind");
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(2, deployment.Status.AvailableReplicas);
        Assert.Equal("NewReplicaSetAvailable", deployment.Status.Conditions.Single(c => c.Type == "Progressing").Reason);

        var list = await client.AppsV1.ListDeploymentForAllNamespacesAsync(labelSelector: "app=konnector");
        Assert.Single(list.Items);

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"konnector\",\"image\":\"public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1\"}]}}}}", V1Patch.PatchType.StrategicMergePatch),
            "konnector", "klutch-bind");
        Assert.Equal(2, patched.Metadata.Generation);
        Assert.Equal(2, patched.Spec.Template.Spec.Containers[0].Env.Count);

        var providers = (JsonElement)await client.CustomObjects.ListClusterCustomObjectAsync("pkg.crossplane.io", "v1", "providers");
        var names = providers.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()).ToList();
        Assert.Equal(["provider-anynines", "provider-kubernetes"], names);

        var review = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec
            {
                ResourceAttributes = new V1ResourceAttributes { Verb = "patch", Group = "pkg.crossplane.io", Resource = "providers" },
            },
        });
        Assert.True(review.Status.Allowed);
    }

    [FakeOnlyFact("asserts on the fake's error mapping")]
    public async Task Errors_arrive_as_status_objects()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.Kubeconfig);
        using var client = new Kubernetes(config);
        cluster.Fake.Rbac.Deny("get", "deployments", "apps");
        var forbidden = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.AppsV1.ReadNamespacedDeploymentAsync("konnector", "klutch-bind"));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, forbidden.Response.StatusCode);
        var status = JsonDocument.Parse(forbidden.Response.Content).RootElement;
        Assert.Equal("Forbidden", status.GetProperty("reason").GetString());
        Assert.Equal("deployments.apps \"konnector\" is forbidden: User \"klutch-tester\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"klutch-bind\"",
            status.GetProperty("message").GetString());
    }
}
