using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>`status` reading Klutch's own record: ClusterBindings, backend-run konnectors, APIServiceBindings.</summary>
public class BindingStatusTests
{
    /// <summary>Published first, so that the seeded heartbeat ages do not include the publish.</summary>
    private static async Task<TestApiServer> StartAsync(string scenario)
    {
        await PublishedBinary.PathAsync();
        return await TestApiServer.StartAsync(scenario, new TestApiServerOptions { StepInterval = TimeSpan.FromMilliseconds(50), ProgressDeadline = TimeSpan.FromSeconds(5) });
    }

    private static Task<CliRun> Binary(TestApiServer server, params string[] args) =>
        PublishedBinary.RunAsync([.. args, "--kubeconfig", server.KubeconfigPath]);

    private static string[] Cells(string stdout, string first) =>
        stdout.Split('\n').First(l => l.StartsWith(first + " ", StringComparison.Ordinal)).Split("   ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task A_control_plane_with_a_silent_app_cluster_is_unhealthy_from_the_published_binary()
    {
        await using var server = await StartAsync(Scenarios.ControlPlaneBound);
        var run = await Binary(server, "status");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("): control plane\n", run.Stdout);
        Assert.Equal(["prod-us", "prod-us", "prod-us", "v1.3.0", "31m ago (every 5m)", "False", "False", "HeartbeatTimeout"], Cells(run.Stdout, "prod-us"));
        Assert.Equal(["staging", "staging", "staging", "v1.2.1", "2m ago (every 5m)", "True", "True", "-"], Cells(run.Stdout, "staging"));
        Assert.Contains("\n3 app clusters bound: 2 konnector v1.3.0, 1 v1.2.1; 1 silent for 31m (prod-us)\n", run.Stdout);
        Assert.Contains("Unhealthy: app cluster prod-us: its konnector has been silent for 31m (heartbeat every 5m; the backend times out a heartbeat older than 10m)\n", run.Stderr);
        Assert.Contains("Warning: app cluster staging runs konnector v1.2.1, the control plane v1.3.0 (expected in the middle of a roll)\n", run.Stderr);

        var json = await Binary(server, "status", "-o", "json");
        Assert.Equal(3, json.ExitCode);
        var bindings = JsonNode.Parse(json.Stdout)!["bindings"]!.AsArray();
        Assert.Equal(["prod-eu", "prod-us", "staging"], bindings.Select(b => b!["name"]!.GetValue<string>()));
        var silent = bindings[1]!;
        Assert.Equal("prod-us", silent["namespace"]!.GetValue<string>());
        Assert.Equal("prod-us", silent["provider"]!.GetValue<string>());
        Assert.Null(silent["appClusterBinding"]);
        Assert.Equal("v1.3.0", silent["konnectorVersion"]!.GetValue<string>());
        Assert.Equal("5m0s", silent["heartbeatInterval"]!.GetValue<string>());
        Assert.True(DateTimeOffset.UtcNow - silent["lastHeartbeat"]!.GetValue<DateTimeOffset>() > TimeSpan.FromMinutes(30));
        Assert.Equal("False", silent["healthy"]!.GetValue<string>());
        Assert.Equal("False", silent["ready"]!.GetValue<string>());
        Assert.Equal("HeartbeatTimeout", silent["reason"]!.GetValue<string>());
        Assert.StartsWith("heartbeat timed out", silent["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Control_plane_mode_konnectors_are_listed_per_binding_and_never_duplicates_from_the_published_binary()
    {
        await using var server = await StartAsync(Scenarios.ControlPlaneMode);
        // The backend writes its konnector specs on its first steps: wait until both have rolled out.
        CliRun run;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do run = await Binary(server, "status");
        while (run.Stdout.Contains("Progressing", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("): control plane\n", run.Stdout);
        Assert.DoesNotContain("konnector   ", run.Stdout.Split("\n\n")[1]);
        Assert.DoesNotContain("delete", run.Stderr);
        Assert.Equal("", run.Stderr);
        Assert.Equal(["default/app2", "klutch-bind-default-app2/konnector-app2", "v1.3.0", "Healthy", "1/1 replicas available"], Cells(run.Stdout, "default/app2"));
        var app1 = Cells(run.Stdout, "app1");
        Assert.Equal(["app1 (default/app1)", "klutch-bind-default-app1", "app1", "v1.3.0"], app1[..4]);
        Assert.Matches(@"^\dm ago \(every 5m\)$", app1[4]);
        Assert.Equal(["True", "True", "-"], app1[5..]);
        Assert.Contains("\n2 app clusters bound: 2 konnector v1.3.0\n", run.Stdout);

        JsonNode json;
        do json = JsonNode.Parse((await Binary(server, "status", "-o", "json")).Stdout)!;
        while ((string?)json["backendKonnectors"]?[0]?["health"] != "Healthy" && DateTime.UtcNow < deadline);
        Assert.Equal(["control-plane"], json["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("default/app1", json["bindings"]![0]!["appClusterBinding"]!.GetValue<string>());
        Assert.Equal("konnector-app1", json["backendKonnectors"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("Healthy", json["backendKonnectors"]![0]!["health"]!.GetValue<string>());
    }

    [Fact]
    public async Task App_cluster_bindings_show_their_conditions_and_a_konnector_that_stops_heartbeating_is_degraded()
    {
        await using var server = await StartAsync(Scenarios.AppClusterBindings);
        var healthy = await Klutch.RunAsync(server, "status");
        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.Equal(["postgresql", "a9s postgresql", "True", "True", "True"], Cells(healthy.Stdout, "postgresql"));

        const string silent = "public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1";
        server.Images.MarkSilent(silent);
        var deployment = server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!;
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = silent;
        server.State.Put(deployment);
        CliRun run;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(100);
            run = await Klutch.RunAsync(server, "status");
        }
        while (!run.Stdout.Contains("Degraded", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal(["konnector", "klutch-bind/konnector", "v1.3.1", "Degraded"], run.Row("konnector")[..4]);
        Assert.Contains("pods ready, but its bindings do not heartbeat: APIServiceBinding mongodb: Heartbeating False (failed to update the heartbeat", run.State("konnector"));
        var json = JsonNode.Parse((await Klutch.RunAsync(server, "status", "-o", "json")).Stdout)!["apiServiceBindings"]!.AsArray();
        Assert.Equal(["mongodb", "postgresql"], json.Select(b => b!["name"]!.GetValue<string>()));
        Assert.Null(json[0]!["namespace"]);
        Assert.Equal("False", json[1]!["heartbeating"]!.GetValue<string>());
        Assert.Equal("True", json[1]!["connected"]!.GetValue<string>());
        Assert.Equal("HeartbeatFailed", json[1]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Namespaced_service_bindings_of_the_newer_line_are_read_with_their_namespace()
    {
        await using var server = await StartAsync(Scenarios.AppClusterBindingsNamespaced);
        var run = await Klutch.RunAsync(server, "status", "-o", "json");
        Assert.Equal(0, run.ExitCode);
        var json = JsonNode.Parse(run.Stdout)!["apiServiceBindings"]!.AsArray();
        Assert.All(json, b => Assert.Equal("default", b!["namespace"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Forbidden_cluster_bindings_make_one_line_and_an_incomplete_view_not_an_unhealthy_one()
    {
        await using var server = await StartAsync(Scenarios.ControlPlaneBound);
        server.Rbac.Deny("list", "clusterbindings", "klutch.anynines.com");
        var run = await Klutch.RunAsync(server, "status");
        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.DoesNotContain("APP CLUSTER", run.Stdout);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("Warning: the view is incomplete: not allowed to look for clusterbindings.klutch.anynines.com in the cluster", lines[0]);
    }

    [Fact]
    public async Task A_cluster_that_serves_no_binding_kinds_shows_nothing_about_bindings()
    {
        await using var server = await StartAsync(Scenarios.AppCluster);
        var run = await Klutch.RunAsync(server, "status", "-o", "json");
        Assert.Equal(0, run.ExitCode);
        var json = JsonNode.Parse(run.Stdout)!;
        Assert.Null(json["bindings"]);
        Assert.Null(json["apiServiceBindings"]);
    }
}

/// <summary>The real end of a konnector upgrade: its APIServiceBindings, not only its pods.</summary>
public class KonnectorHeartbeatUpgradeTests
{
    [Fact]
    public async Task An_upgrade_to_a_build_that_cannot_heartbeat_fails_naming_the_binding_from_the_published_binary()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.AppClusterBindings,
            new TestApiServerOptions { StepInterval = TimeSpan.FromMilliseconds(50), ProgressDeadline = TimeSpan.FromSeconds(5) });
        server.Images.MarkSilent("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1");
        var run = await PublishedBinary.RunAsync(["upgrade", "konnector", "v1.3.1", "--yes", "--timeout", "5m", "--kubeconfig", server.KubeconfigPath]);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("stay Ready and Heartbeating for 20s", run.Stdout);
        Assert.Contains("the konnector rolled out, but APIServiceBinding mongodb turned Heartbeating False: failed to update the heartbeat of the ClusterBinding", run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task An_upgrade_waits_for_the_bindings_to_stay_heartbeating_and_a_cluster_without_bindings_does_not_wait()
    {
        await using var bound = await Klutch.StartAsync(Scenarios.AppClusterBindings);
        var run = await Klutch.RunAsync(bound, "upgrade", "konnector", "v1.3.1", "--yes");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("2 APIServiceBindings stayed Ready and Heartbeating for 20s", run.Stdout + run.Stderr);

        await using var fresh = await Klutch.StartAsync(Scenarios.AppCluster);
        var plain = await Klutch.RunAsync(fresh, "upgrade", "konnector", "v1.3.1", "--yes");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("no APIServiceBindings on this cluster (a fresh install): no heartbeat to wait for", plain.Stdout + plain.Stderr);
    }
}
