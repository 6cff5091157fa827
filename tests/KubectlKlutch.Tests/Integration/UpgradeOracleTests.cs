using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// The oracle: for each command of the product page, two identical clusters, the documented
/// kubectl command on one and `kubectl klutch upgrade` on the other. What the two leave in the
/// object must be identical, but for the plugin's own annotation.
/// </summary>
public class UpgradeOracleTests
{
    public static TheoryData<string, string, string, string, string?, string, string[]> Commands => new()
    {
        {
            "set image, app cluster", Scenarios.AppCluster, "konnector", "v1.3.1", "klutch-bind",
            "Deployment/konnector",
            ["set", "image", "--namespace", "klutch-bind", "deployment/konnector", "konnector=public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1"]
        },
        {
            "set image, the product page's bind namespace", Scenarios.ProductPageAppCluster, "konnector", "v1.2.2", "bind",
            "Deployment/konnector",
            ["set", "image", "--namespace", "bind", "deployment/konnector", "konnector=public.ecr.aws/w5n9a2g2/anynines/konnector:v1.2.2"]
        },
        {
            "patch provider-anynines", Scenarios.ControlPlane, "provider-anynines", "v1.3.1", null,
            "Provider/provider-anynines",
            ["patch", "providers/provider-anynines", "--type", "merge", "-p", """{"spec":{"package":"public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.1"}}"""]
        },
        {
            "patch the product page's configuration across v1.3.0", Scenarios.ControlPlaneMidway, "dataservices", "v1.3.0", null,
            "Configuration/w5n9a2g2-anynines-dataservices",
            ["patch", "configurations/w5n9a2g2-anynines-dataservices", "--type", "merge", "-p", """{"spec":{"package":"public.ecr.aws/w5n9a2g2/klutch/dataservices:v1.3.0"}}"""]
        },
        {
            "set image, backend", Scenarios.ControlPlane, "backend", "v1.3.1", "bind",
            "Deployment/anynines-backend",
            ["set", "image", "--namespace", "bind", "deployment/anynines-backend", "anynines-backend=public.ecr.aws/w5n9a2g2/klutch/example-backend:v1.3.1"]
        },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task The_plugin_leaves_what_the_documented_command_leaves(string _, string scenario, string component, string version, string? ns, string kindName, string[] kubectl)
    {
        await using var documented = await Klutch.StartAsync(scenario);
        await using var plugin = await Klutch.StartAsync(scenario);
        var (kind, name) = (kindName.Split('/')[0], kindName.Split('/')[1]);
        var apiVersion = kind == "Deployment" ? "apps/v1" : "pkg.crossplane.io/v1";

        var replaced = VersionOf(plugin.State.Get(apiVersion, kind, ns, name)!);

        var byKubectl = await Kubectl.RunAsync(documented, kubectl);
        Assert.True(byKubectl.ExitCode == 0, byKubectl.ToString());
        if (kind == "Deployment")
        {
            // Compare settled objects: the Deployment controller writes its revision annotation as it rolls out.
            var settled = await Kubectl.RunAsync(documented, "rollout", "status", "--namespace", ns!, $"deployment/{name}", "--timeout=30s");
            Assert.True(settled.ExitCode == 0, settled.ToString());
        }
        var byPlugin = await Klutch.RunAsync(plugin, "upgrade", component, version, "--yes");
        Assert.True(byPlugin.ExitCode == 0, byPlugin.ToString());

        var expected = Comparable(documented.State.Get(apiVersion, kind, ns, name)!);
        var actual = Comparable(plugin.State.Get(apiVersion, kind, ns, name)!);
        var annotations = actual["metadata"]!["annotations"]!.AsObject();
        Assert.Equal(replaced, (string?)annotations["klutch.anynines.com/rollback-to"]);
        annotations.Remove("klutch.anynines.com/rollback-to");
        if (annotations.Count == 0) actual["metadata"]!.AsObject().Remove("annotations");
        Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
    }

    private static string VersionOf(JsonObject obj) =>
        (string)(obj["spec"]!["package"] ?? obj["spec"]!["template"]!["spec"]!["containers"]![0]!["image"])!;

    /// <summary>What may differ between two servers started from the same scenario: identities, times, status.</summary>
    private static JsonObject Comparable(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        var metadata = copy["metadata"]!.AsObject();
        foreach (var field in new[] { "uid", "resourceVersion", "creationTimestamp", "managedFields" }) metadata.Remove(field);
        copy.Remove("status");
        return copy;
    }
}
