using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration.Fleet;

/// <summary>`status --contexts ...`: many test clusters in one merged kubeconfig, read at once.</summary>
public class FleetStatusTests
{
    [Fact]
    public async Task Reads_every_chosen_cluster_reports_the_broken_ones_and_never_contacts_the_others()
    {
        await using var current = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var behind = await Klutch.StartAsync(Scenarios.LegacyAppCluster);
        await using var controlPlane = await Klutch.StartAsync(Scenarios.ControlPlane);
        await using var down = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var hung = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var outside = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(outside.As("staging-1"), hung.As("app-hung"), current.As("app-eu-1"),
            controlPlane.As("cp-prod"), behind.As("app-eu-2"), down.As("app-down"));
        await down.StopAsync();
        hung.Faults.Hang = true;

        var run = await Klutch.RunAsync(["status", "--contexts", "cp-prod,app-*", "--request-timeout", "1s", "-o", "json", "--kubeconfig", kubeconfig.Path]);

        Assert.Equal(1, run.ExitCode);
        var json = JsonNode.Parse(run.Stdout)!;
        var clusters = json["clusters"]!.AsArray();
        // The name first, as given; then the glob's matches in name order.
        Assert.Equal(["cp-prod", "app-down", "app-eu-1", "app-eu-2", "app-hung"], clusters.Select(c => (string)c!["context"]!));
        Assert.Equal(["control-plane"], Strings(clusters[0]!["roles"]));
        Assert.Equal("v1.3.0", Konnector(clusters[2]!)["version"]!.GetValue<string>());
        Assert.Equal("v1.2.0", Konnector(clusters[3]!)["version"]!.GetValue<string>());
        Assert.StartsWith($"cannot reach the API server at {down.BaseAddress.ToString().TrimEnd('/')}", (string)clusters[1]!["error"]!);
        Assert.Equal($"the API server at {hung.BaseAddress.ToString().TrimEnd('/')} did not answer within 1s: check the network, or raise --request-timeout", (string)clusters[4]!["error"]!);
        Assert.Null(clusters[2]!["error"]);
        Assert.Empty(outside.Requests);

        var summary = json["summary"]!;
        Assert.Equal(5, (int)summary["clusters"]!);
        Assert.Equal("v1.3.0", (string)summary["newest"]!);
        Assert.Equal(2, (int)summary["current"]!);
        Assert.Equal(1, (int)summary["behind"]!);
        Assert.Equal(["v1.2.0"], Strings(summary["behindReleases"]));
        Assert.Equal(2, (int)summary["notReachable"]!);
    }

    [Fact]
    public async Task The_table_shows_a_block_per_cluster_and_the_fleet_in_one_line()
    {
        await using var current = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var behind = await Klutch.StartAsync(Scenarios.LegacyAppCluster);
        await using var down = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(current.As("app-1"), behind.As("app-2"), down.As("app-3"));
        await down.StopAsync();

        var run = await Klutch.RunAsync(["status", "--all-contexts", "--kubeconfig", kubeconfig.Path]);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        Assert.Contains($"Context app-1 ({current.BaseAddress.ToString().TrimEnd('/')}): app cluster", lines);
        Assert.Contains($"Context app-2 ({behind.BaseAddress.ToString().TrimEnd('/')}): app cluster", lines);
        Assert.Contains(lines, l => l.StartsWith($"Context app-3 ({down.BaseAddress.ToString().TrimEnd('/')}): not read: cannot reach the API server at ", StringComparison.Ordinal));
        Assert.Equal("3 clusters: 1 current (v1.3.0), 1 behind (v1.2.0), 1 not reachable", lines.Last(l => l.Length > 0));
        Assert.Equal(2, lines.Count(l => l.StartsWith("konnector ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_healthy_fleet_exits_0_and_an_unhealthy_cluster_makes_it_3()
    {
        await using var one = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var two = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(one.As("app-1"), two.As("app-2"));

        var healthy = await Klutch.RunAsync(["status", "--contexts", "app-?", "--kubeconfig", kubeconfig.Path]);
        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.EndsWith("2 clusters: 2 current (v1.3.0)\n", healthy.Stdout);

        two.State.Delete("apps/v1", "Deployment", "klutch-bind", "konnector");
        var unhealthy = await Klutch.RunAsync(["status", "--contexts", "app-?", "--kubeconfig", kubeconfig.Path]);
        Assert.Equal(3, unhealthy.ExitCode);
        Assert.EndsWith("2 clusters: 1 current (v1.3.0), 1 without Klutch\n", unhealthy.Stdout);
    }

    [Fact]
    public async Task Two_names_for_one_server_are_read_once_with_a_warning()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(server.As("app-1"), server.As("app-1-admin"));

        var run = await Klutch.RunAsync(["status", "--all-contexts", "-o", "json", "--kubeconfig", kubeconfig.Path]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["app-1"], JsonNode.Parse(run.Stdout)!["clusters"]!.AsArray().Select(c => (string)c!["context"]!));
        Assert.Contains($"Warning: contexts \"app-1\" and \"app-1-admin\" reach the same API server ({server.BaseAddress.ToString().TrimEnd('/')}): acting on it once, as \"app-1\".", run.Stderr);
        var fleetRequests = server.Requests.Count;
        var single = await Klutch.RunAsync(["status", "--context", "app-1", "--kubeconfig", kubeconfig.Path]);
        Assert.Equal(0, single.ExitCode);
        Assert.Equal(server.Requests.Count - fleetRequests, fleetRequests);
    }

    [Theory]
    [InlineData("--contexts", "prod-*", "the pattern \"prod-*\" of --contexts matches no context: known contexts are app-1, app-2; nothing was read")]
    [InlineData("--contexts", "app-1,app-9", "context \"app-9\" of --contexts is not in the kubeconfig: known contexts are app-1, app-2; nothing was read")]
    [InlineData("--contexts", "app-1,,app-2", "--contexts has an empty entry: give context names or patterns separated by commas, such as app-*,cp-prod")]
    [InlineData("--contexts", "", "--contexts has an empty entry: give context names or patterns separated by commas, such as app-*,cp-prod")]
    [InlineData("--fleet", "prod", "no fleet \"prod\" in the plugin's settings: known fleets are apps")]
    public async Task A_choice_that_names_no_cluster_is_refused_before_any_request(string flag, string value, string message)
    {
        await using var one = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var two = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(one.As("app-1"), two.As("app-2"));
        using var settings = new FleetSettings("""{"Fleets": {"apps": ["app-*"]}}""");

        var run = await Klutch.RunAsync(["status", flag, value, "--kubeconfig", kubeconfig.Path], environment: await settings.EnvironmentAsync());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {message}\n", run.Stderr);
        Assert.Empty(one.Requests);
        Assert.Empty(two.Requests);
    }

    [Theory]
    [InlineData("status --contexts app-* --context app-1", "--context picks one cluster and cannot be combined with --contexts, --all-contexts or --fleet: drop one of them")]
    [InlineData("status --contexts app-* --user admin", "--user picks one cluster and cannot be combined with --contexts, --all-contexts or --fleet: drop one of them")]
    [InlineData("status --all-contexts --fleet apps", "--contexts, --all-contexts and --fleet each choose the clusters: pass only one of them")]
    [InlineData("status --all-contexts --max-parallel 0", "--max-parallel 0 must be 1 or more")]
    [InlineData("status --max-parallel 4", "--max-parallel applies to many clusters: add --contexts, --all-contexts or --fleet")]
    [InlineData("status --fleet apps", "no fleet \"apps\": the plugin's settings name no fleets; add one under Fleets in ~/.kube/klutch.json (or the file KLUTCH_CONFIG names)")]
    [InlineData("upgrade crossplane v1.20.0 --all-contexts --yes", "crossplane is upgraded with its own Helm chart, not by the plugin, so it is not rolled through a fleet: run 'kubectl klutch upgrade crossplane v1.20.0 --context NAME' for the commands for one cluster")]
    public async Task Flags_that_contradict_a_fleet_are_refused_before_any_request(string command, string message)
    {
        await using var one = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(one.As("app-1"));

        var run = await Klutch.RunAsync([.. command.Split(' '), "--kubeconfig", kubeconfig.Path]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {message}\n", run.Stderr);
        Assert.Empty(one.Requests);
    }

    [Fact]
    public async Task A_named_fleet_from_the_settings_file_chooses_its_clusters()
    {
        await using var app = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var controlPlane = await Klutch.StartAsync(Scenarios.ControlPlane);
        await using var outside = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(app.As("app-prod-1"), controlPlane.As("cp-prod"), outside.As("app-dev-1"));
        using var settings = new FleetSettings("""{"Fleets": {"prod": ["cp-prod", "app-prod-*"]}}""");

        var run = await Klutch.RunAsync(["status", "--fleet", "PROD", "-o", "yaml", "--kubeconfig", kubeconfig.Path], environment: await settings.EnvironmentAsync());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("- context: cp-prod\n", run.Stdout);
        Assert.Contains("- context: app-prod-1\n", run.Stdout);
        Assert.True(run.Stdout.IndexOf("cp-prod", StringComparison.Ordinal) < run.Stdout.IndexOf("app-prod-1", StringComparison.Ordinal));
        Assert.Empty(outside.Requests);
    }

    [Fact]
    public async Task The_merged_kubeconfig_of_these_tests_is_one_kubectl_reads_the_same_way()
    {
        await using var one = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var two = await Klutch.StartAsync(Scenarios.ControlPlane);
        using var kubeconfig = FleetKubeconfig.Write(one.As("app-1"), two.As("cp-1"));

        var contexts = await PublishedBinary.RunAsync("kubectl", ["--kubeconfig", kubeconfig.Path, "config", "get-contexts", "-o", "name"], null, TimeSpan.FromMinutes(1));
        var providers = await PublishedBinary.RunAsync("kubectl", ["--kubeconfig", kubeconfig.Path, "--context", "cp-1", "get", "providers.pkg.crossplane.io", "-o", "name"], null, TimeSpan.FromMinutes(1));

        Assert.Equal("app-1\ncp-1\n", contexts.Stdout);
        Assert.Contains("provider.pkg.crossplane.io/provider-anynines", providers.Stdout);
        Assert.Contains(two.Requests, r => r.Resource == "providers");
        Assert.DoesNotContain(one.Requests, r => r.Resource == "providers");
    }

    private static JsonNode Konnector(JsonNode cluster) =>
        cluster["components"]!.AsArray().Single(c => (string)c!["name"]! == "konnector")!;

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(s => (string)s!)];
}
