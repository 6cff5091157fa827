using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster.Tests;

/// <summary>klutch-bind played: its kinds as kubectl sees them, the backend's reconciler, the heartbeat rule, a konnector that heartbeats.</summary>
public sealed class KubectlBindingTests
{
    private static async Task<JsonObject> PollAsync(Func<JsonObject?> read, Func<JsonObject, bool> done, string what)
    {
        // Generous: a loaded machine may step slowly; success returns as soon as it is seen.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = read();
            if (last != null && done(last)) return last;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"{what} did not happen; last seen: {last?.ToJsonString()}");
    }

    private static string? Condition(JsonObject o, string type) =>
        o["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c!["type"]!.GetValue<string>() == type)?["status"]?.GetValue<string>();

    [FakeOnlyFact("seeds bound app clusters")]
    public async Task Cluster_bindings_print_version_heartbeat_and_ready_and_the_silent_one_is_not_ready()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlaneBound);
        var table = await cluster.KubectlOk("get", "clusterbindings", "-A");
        Assert.StartsWith("NAMESPACE   NAME      KONNECTOR VERSION   LAST HEARTBEAT   READY   AGE\n", table);
        Assert.Matches(@"prod-us     cluster   v1\.3\.0              3[12]m              False   3h", table);
        Assert.Matches(@"staging     cluster   v1\.2\.1              2m\d*s?\s+True    3h", table);
        var silent = cluster.Fake.State.Get("klutch.anynines.com/v1alpha1", "ClusterBinding", "prod-us", "cluster")!;
        Assert.Equal("HeartbeatTimeout", silent["status"]!["conditions"]!.AsArray().First(c => c!["type"]!.GetValue<string>() == "Healthy")!["reason"]!.GetValue<string>());
    }

    [FakeOnlyFact("runs the backend's reconciler")]
    public async Task Backend_puts_a_changed_konnector_image_back_and_rolls_it_from_the_override()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlaneMode);
        const string ns = "klutch-bind-default-app2";
        var labels = await cluster.KubectlOk("get", "deployment", "-n", ns, "konnector-app2", "-o", "jsonpath={.metadata.labels}");
        Assert.Contains("\"klutch.anynines.com/appclusterbinding-name\":\"app2\"", labels);
        Assert.Contains("\"klutch.anynines.com/appclusterbinding-namespace\":\"default\"", labels);

        await cluster.KubectlOk("set", "image", "-n", ns, "deployment/konnector-app2", "konnector=public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1");
        await PollAsync(() => cluster.Fake.State.Get("apps/v1", "Deployment", ns, "konnector-app2"),
            d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>() == "public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0",
            "the backend writing its own image back");

        await cluster.KubectlOk("patch", "appclusterbinding", "-n", "default", "app2", "--type", "merge",
            "-p", """{"spec":{"konnector":{"overrides":{"image":"public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1"}}}}""");
        var status = await cluster.Kubectl("rollout", "status", "-n", ns, "deployment/konnector-app2", "--timeout=60s");
        Assert.True(status.ExitCode == 0, status.ToString());
        var binding = await PollAsync(() => cluster.Fake.State.Get("klutch.anynines.com/v1alpha1", "ClusterBinding", ns, "cluster"),
            b => b["status"]!["konnectorVersion"]!.GetValue<string>() == "v1.3.1", "the new konnector reporting its version");
        Assert.Equal("True", Condition(binding, "Healthy"));
        var app1 = cluster.Fake.State.Get("apps/v1", "Deployment", "klutch-bind-default-app1", "konnector-app1")!;
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", app1["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [FakeOnlyFact("marks a konnector build silent")]
    public async Task Service_bindings_stop_heartbeating_once_a_silent_konnector_has_rolled_out_and_recover_with_a_good_one()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppClusterBindings);
        const string silent = "public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1";
        cluster.Fake.Images.MarkSilent(silent);
        var table = await cluster.KubectlOk("get", "sb");
        Assert.StartsWith("NAME         PROVIDER         READY   MESSAGE   AGE\n", table);

        await cluster.KubectlOk("set", "image", "-n", "klutch-bind", "deployment/konnector", "konnector=" + silent);
        var status = await cluster.Kubectl("rollout", "status", "-n", "klutch-bind", "deployment/konnector", "--timeout=60s");
        Assert.True(status.ExitCode == 0, status.ToString());
        var binding = await PollAsync(() => cluster.Fake.State.Get("klutch.anynines.com/v1alpha1", "APIServiceBinding", null, "postgresql"),
            b => Condition(b, "Heartbeating") == "False", "Heartbeating turning False");
        Assert.Equal("False", Condition(binding, "Ready"));
        Assert.Equal("True", Condition(binding, "Connected"));
        var printed = await cluster.KubectlOk("get", "sb", "postgresql");
        Assert.Contains("False   failed to update the heartbeat of the ClusterBinding", printed);

        await cluster.KubectlOk("set", "image", "-n", "klutch-bind", "deployment/konnector", "konnector=public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0");
        await PollAsync(() => cluster.Fake.State.Get("klutch.anynines.com/v1alpha1", "APIServiceBinding", null, "postgresql"),
            b => Condition(b, "Heartbeating") == "True" && Condition(b, "Ready") == "True", "a good konnector heartbeating again");
    }

    [FakeOnlyFact("serves the newer line's namespaced kind")]
    public async Task Service_binding_scope_follows_the_release_line_in_discovery()
    {
        await using var old = await TestCluster.StartAsync(Scenarios.AppClusterBindings);
        await using var newer = await TestCluster.StartAsync(Scenarios.AppClusterBindingsNamespaced);
        Assert.Contains("apiservicebindings   sb           klutch.anynines.com/v1alpha1   false        APIServiceBinding",
            await old.KubectlOk("api-resources", "--api-group", "klutch.anynines.com"));
        Assert.Contains("apiservicebindings   sb           klutch.anynines.com/v1alpha1   true         APIServiceBinding",
            await newer.KubectlOk("api-resources", "--api-group", "klutch.anynines.com"));
    }
}
