using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;
using KubectlKlutch.Tests.Integration.Fleet;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// An operator whose Roles cover the konnector's namespace only, as app teams often get: what
/// can be read is shown, what cannot is named, and one forbidden place never hides another.
/// </summary>
public class PartialPermissionTests
{
    private const string Konnector = "public.ecr.aws/w5n9a2g2/klutch/konnector";

    private static async Task<TestApiServer> AppClusterForTheKonnectorsTeam()
    {
        var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Rbac.ConfineTo("klutch-bind");
        return server;
    }

    private static string Image(TestApiServer server) =>
        (string)server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!;

    [Fact]
    public async Task Status_shows_the_konnector_it_may_read_and_marks_the_view_incomplete()
    {
        await using var server = await AppClusterForTheKonnectorsTeam();

        var run = await Klutch.RunAsync(server, "status");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.StartsWith($"Context klutch-test ({server.BaseAddress.ToString().TrimEnd('/')}): app cluster\n", run.Stdout);
        Assert.Equal(["konnector", "klutch-bind/konnector", "v1.3.0", "Healthy"], run.Row("konnector")[..4]);
        Assert.DoesNotContain("Unknown", run.Stdout); // the control plane's packages are not this cluster's rows
        Assert.Contains("Warning: the view is incomplete: not allowed to look for konnector in namespaces kube-bind, bind", run.Stderr);
    }

    [Fact]
    public async Task Status_json_lists_each_place_it_could_not_look_in_with_the_denial()
    {
        await using var server = await AppClusterForTheKonnectorsTeam();

        var run = await Klutch.RunAsync(server, "status", "-o", "json");

        Assert.Equal(4, run.ExitCode);
        var incomplete = JsonNode.Parse(run.Stdout)!["incomplete"]!.AsArray();
        var konnector = incomplete.Single(i => (string)i!["component"]! == "konnector")!;
        Assert.Equal("namespaces kube-bind, bind", (string)konnector["where"]!);
        Assert.Contains("forbidden", (string)konnector["reason"]!);
    }

    [Fact]
    public async Task Minus_n_looks_in_that_namespace_only()
    {
        await using var server = await AppClusterForTheKonnectorsTeam();

        var run = await Klutch.RunAsync(server, "status", "-n", "klutch-bind", "-o", "json");

        // Nothing outside the namespace is asked for, so nothing is missing from the view.
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Null(JsonNode.Parse(run.Stdout)!["incomplete"]);
        Assert.DoesNotContain(server.Requests, r => r.Path.Contains("/namespaces/kube-bind/") || r.Path.Contains("/namespaces/bind/"));
    }

    [Fact]
    public async Task On_a_control_plane_a_forbidden_kind_is_named_and_the_rest_is_read()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        server.Rbac.ConfineTo("bind");

        var run = await Klutch.RunAsync(server, "status", "-o", "json");

        Assert.Equal(4, run.ExitCode);
        var report = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("Healthy", (string)report["components"]!.AsArray().Single(c => (string)c!["name"]! == "backend")!["health"]!);
        var provider = report["incomplete"]!.AsArray().Single(i => (string)i!["component"]! == "provider-anynines")!;
        Assert.Equal("the cluster", (string)provider["where"]!);
        Assert.Contains("providers", (string)provider["reason"]!);
    }

    [Fact]
    public async Task Versions_shows_what_it_read_and_names_what_it_could_not()
    {
        await using var server = await AppClusterForTheKonnectorsTeam();

        var run = await Klutch.RunAsync(server, "versions", "konnector");

        Assert.Contains("konnector", run.Stdout);
        Assert.Contains("v1.3.0", run.Stdout);
        Assert.Contains("Warning: not allowed to look for konnector in namespaces kube-bind, bind (", run.Stderr);
    }

    [Fact]
    public async Task An_upgrade_with_minus_n_needs_no_rights_elsewhere()
    {
        await using var server = await AppClusterForTheKonnectorsTeam();

        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "-n", "klutch-bind", "--yes", "--skip-registry-check");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"{Konnector}:v1.3.1", Image(server));
    }

    [Fact]
    public async Task An_upgrade_without_minus_n_patches_the_one_it_sees_and_says_where_it_could_not_look()
    {
        await using var server = await AppClusterForTheKonnectorsTeam();

        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes", "--skip-registry-check");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("not allowed to look for konnector in namespaces kube-bind, bind: another one there would not be seen", run.Stdout + run.Stderr);
        Assert.Equal($"{Konnector}:v1.3.1", Image(server));
    }

    [Fact]
    public async Task A_fleet_of_such_clusters_is_read_and_upgraded_the_same_way()
    {
        await using var one = await AppClusterForTheKonnectorsTeam();
        await using var two = await AppClusterForTheKonnectorsTeam();
        using var kubeconfig = FleetKubeconfig.Write(one.As("app-1"), two.As("app-2"));

        var status = await Klutch.RunAsync(["status", "--contexts", "app-*", "--kubeconfig", kubeconfig.Path]);
        var upgrade = await Klutch.RunAsync(["upgrade", "konnector", "v1.3.1", "-n", "klutch-bind", "--contexts", "app-*", "--yes", "--skip-registry-check", "--kubeconfig", kubeconfig.Path]);

        Assert.True(status.ExitCode == 4, status.ToString());
        Assert.EndsWith("2 clusters: 2 current (v1.3.0)\n", status.Stdout);
        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Equal($"{Konnector}:v1.3.1", Image(one));
        Assert.Equal($"{Konnector}:v1.3.1", Image(two));
    }
}
