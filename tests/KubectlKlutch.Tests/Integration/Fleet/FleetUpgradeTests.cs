using System.Text.Json.Nodes;
using KubectlKlutch.Output;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration.Fleet;

/// <summary>`upgrade --contexts ...`: a fleet plan, one confirmation, a rolling upgrade that stops at the first failure.</summary>
public class FleetUpgradeTests
{
    private const string Konnector = "public.ecr.aws/w5n9a2g2/klutch/konnector";

    private static string Image(TestApiServer server) =>
        (string)server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!;

    private static Task<CliRun> Upgrade(FleetKubeconfig kubeconfig, params string[] more) =>
        Klutch.RunAsync(["upgrade", "konnector", "v1.3.1", "--kubeconfig", kubeconfig.Path, .. more]);

    [Fact]
    public async Task A_failing_cluster_stops_the_roll_and_the_same_command_resumes_where_needed()
    {
        await using var first = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var second = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var third = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(first.As("app-1"), second.As("app-2"), third.As("app-3"));
        second.Images.MarkCrashing($"{Konnector}:v1.3.1");

        var stopped = await Upgrade(kubeconfig, "--contexts", "app-*", "--yes");

        Assert.Equal(1, stopped.ExitCode);
        Assert.Equal($"{Konnector}:v1.3.1", Image(first));
        Assert.Matches(@"app-2: konnector failed: pod konnector-[a-z0-9]+-[a-z0-9]+: CrashLoopBackOff", stopped.Stdout);
        Assert.Contains($"app-2:   to go back: kubectl klutch rollback konnector --kubeconfig {kubeconfig.Path} --context app-2 -n klutch-bind\n", stopped.Stdout);
        Assert.Contains("app-3: not started: an earlier cluster did not finish\n", stopped.Stdout);
        Assert.EndsWith("3 clusters: 1 upgraded, 1 failed (app-2), 1 not started (app-3)\n", stopped.Stdout);
        Assert.Equal(0, third.Writes);
        Assert.Equal($"{Konnector}:v1.3.0", Image(third));

        // Again, going on past the failure: app-1 is a no-op, app-2 is followed (and fails again), app-3 is upgraded.
        var writesBefore = first.Writes;
        var onwards = await Upgrade(kubeconfig, "--contexts", "app-*", "--yes", "--continue-on-error");

        Assert.Equal(1, onwards.ExitCode);
        Assert.Equal(writesBefore, first.Writes);
        Assert.Contains("app-2     konnector   v1.3.1   v1.3.1   follow its rollout (pod konnector-", onwards.Stdout);
        Assert.Matches(@"app-2: konnector failed: pod konnector-[a-z0-9]+-[a-z0-9]+: CrashLoopBackOff", onwards.Stdout);
        Assert.Equal($"{Konnector}:v1.3.1", Image(third));
        Assert.EndsWith("3 clusters: 1 already current, 1 upgraded, 1 failed (app-2)\n", onwards.Stdout);

        // The operator goes back on app-2 with the command the output gave, and the image is fixed.
        var back = await Klutch.RunAsync(["rollback", "konnector", "--kubeconfig", kubeconfig.Path, "--context", "app-2", "--yes"]);
        Assert.True(back.ExitCode == 0, back.ToString());
        second.Images.Unmark($"{Konnector}:v1.3.1");
        var (firstWrites, thirdWrites) = (first.Writes, third.Writes);

        var resumed = await Upgrade(kubeconfig, "--contexts", "app-*", "--yes");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal($"{Konnector}:v1.3.1", Image(second));
        Assert.Equal((firstWrites, thirdWrites), (first.Writes, third.Writes));
        Assert.Contains("app-2: konnector now runs public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1: rolled out: 2/2 replicas available; no APIServiceBindings on this cluster (a fresh install): no heartbeat to wait for\n", resumed.Stdout);
        Assert.EndsWith("3 clusters: 2 already current, 1 upgraded\n", resumed.Stdout);
    }

    [Fact]
    public async Task The_fleet_plan_says_per_cluster_what_will_happen_and_why_a_cluster_is_skipped()
    {
        await using var behind = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var current = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var controlPlane = await Klutch.StartAsync(Scenarios.ControlPlane);
        await using var down = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(behind.As("app-1"), current.As("app-2"), controlPlane.As("cp-1"), down.As("app-3"));
        var deployment = current.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!;
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = $"{Konnector}:v1.3.1";
        current.State.Put(deployment);
        await down.StopAsync();
        await SettledAsync(current);

        var run = await Upgrade(kubeconfig, "--all-contexts", "--dry-run=client", "--request-timeout", "2s");

        Assert.Equal(1, run.ExitCode); // app-3 cannot be upgraded
        var lines = run.Stdout.Split('\n');
        Assert.Equal("Plan: upgrade konnector to v1.3.1 on 1 of 4 clusters", lines[0]);
        Assert.Equal(["app-1", "konnector", "v1.3.0", "v1.3.1", "upgrade"], Cells(lines, "app-1"));
        Assert.Equal(["app-2", "konnector", "v1.3.1", "v1.3.1", "skip: already current"], Cells(lines, "app-2"));
        Assert.StartsWith("skip: without the component: konnector is not in context \"cp-1\", which is a control plane", Cells(lines, "cp-1")[4]);
        Assert.StartsWith($"skip: not reachable: cannot reach the API server at {down.BaseAddress.ToString().TrimEnd('/')}", Cells(lines, "app-3")[4]);
        Assert.EndsWith("Dry run (client): nothing was sent to any cluster. 4 clusters: 1 already current, 1 without the component, 1 not reachable (app-3), 1 to upgrade\n", run.Stdout);
        Assert.Equal(0, behind.Writes + current.Writes + controlPlane.Writes);
    }

    [Fact]
    public async Task A_cluster_a_release_check_blocks_is_skipped_with_the_finding_and_the_others_go_on()
    {
        await using var blocked = await Klutch.StartAsync(Scenarios.ControlPlane);
        await using var ready = await Klutch.StartAsync(Scenarios.ControlPlane);
        using var kubeconfig = FleetKubeconfig.Write(blocked.As("cp-1"), ready.As("cp-2"));
        Assert.True(blocked.State.Delete("pkg.crossplane.io/v1beta1", "Function", null, "function-patch-and-transform"));

        var run = await Klutch.RunAsync(["upgrade", "dataservices", "v1.3.1", "--all-contexts", "--yes", "--kubeconfig", kubeconfig.Path]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cp-1:\nChecks:\n  [blocking] function-patch-and-transform: function/function-patch-and-transform\n", run.Stdout);
        Assert.Contains("     fix: install it first: 'crossplane xpkg install function xpkg.upbound.io/crossplane-contrib/function-patch-and-transform:v0.9.2'", run.Stdout);
        Assert.Contains("skip: blocked by a release check: the release checks function-patch-and-transform block it; fix what they name, or pass --ignore-check ID", run.Stdout);
        Assert.EndsWith("2 clusters: 1 blocked by a release check (cp-1), 1 upgraded\n", run.Stdout);
        Assert.Equal(0, blocked.Writes);
        Assert.Equal(1, ready.Writes);
    }

    [Fact]
    public async Task Rollback_on_failure_rolls_the_failed_cluster_back_and_stops_the_roll()
    {
        await using var first = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var second = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(first.As("app-1"), second.As("app-2"));
        first.Images.MarkCrashing($"{Konnector}:v1.3.1");

        var run = await Upgrade(kubeconfig, "--all-contexts", "--yes", "--rollback-on-failure");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"app-1: konnector failed and was rolled back: pod konnector-[a-z0-9]+-[a-z0-9]+: CrashLoopBackOff .*; rolled back to public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0\n", run.Stdout);
        Assert.Equal($"{Konnector}:v1.3.0", Image(first));
        Assert.EndsWith("2 clusters: 1 failed (app-1), 1 not started (app-2)\n", run.Stdout);
        Assert.Equal(0, second.Writes);
    }

    [Fact]
    public async Task Json_gives_the_plan_and_the_outcome_per_cluster()
    {
        await using var one = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var controlPlane = await Klutch.StartAsync(Scenarios.ControlPlane);
        using var kubeconfig = FleetKubeconfig.Write(one.As("app-1"), controlPlane.As("cp-1"));

        var run = await Upgrade(kubeconfig, "--all-contexts", "--yes", "-o", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = JsonNode.Parse(run.Stdout)!;
        var app = json["clusters"]![0]!;
        Assert.Equal("app-1", (string)app["context"]!);
        Assert.Equal("Changed", (string)app["result"]!);
        Assert.Equal($"{Konnector}:v1.3.1", (string)app["change"]!["plan"]!["steps"]![0]!["to"]!);
        Assert.Equal("Upgraded", (string)app["change"]!["outcome"]![0]!["result"]!);
        var cp = json["clusters"]![1]!;
        Assert.Equal("NotPresent", (string)cp["result"]!);
        Assert.Null(cp["change"]);
        Assert.Equal(2, (int)json["summary"]!["clusters"]!);
        Assert.True((bool)json["summary"]!["succeeded"]!);
        Assert.Equal(1, (int)json["summary"]!["results"]!["Changed"]!);
    }

    [Fact]
    public async Task A_server_dry_run_reaches_every_cluster_and_writes_nothing()
    {
        await using var one = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var two = await Klutch.StartAsync(Scenarios.LegacyAppCluster);
        using var kubeconfig = FleetKubeconfig.Write(one.As("app-1"), two.As("app-2"));

        var run = await Upgrade(kubeconfig, "--all-contexts", "--dry-run=server");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("app-1: konnector: dry run (server): the server would store public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1; nothing was changed\n", run.Stdout);
        Assert.Contains("app-2: konnector: dry run (server): the server would store public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1; nothing was changed\n", run.Stdout);
        Assert.Equal(0, one.Writes + two.Writes);
        Assert.Contains(one.Requests, r => r.DryRun);
        Assert.Contains(two.Requests, r => r.DryRun);
    }

    [Fact]
    public async Task One_confirmation_covers_the_fleet_and_without_a_terminal_nothing_is_written()
    {
        await using var one = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var two = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(one.As("app-1"), two.As("app-2"));

        var refused = await Upgrade(kubeconfig, "--all-contexts");
        Assert.Equal(2, refused.ExitCode);
        Assert.EndsWith("error: refusing to change 2 clusters without confirmation: there is no terminal to ask on; pass --yes\n", refused.Stderr);
        Assert.Equal(0, one.Writes + two.Writes);

        var declined = await Klutch.RunAsync(["upgrade", "konnector", "v1.3.1", "--all-contexts", "--kubeconfig", kubeconfig.Path], terminal: new Terminal(true, false), input: "n\n");
        Assert.Equal(1, declined.ExitCode);
        Assert.Contains("Apply this plan to these 2 clusters:\n  app-1\n  app-2\nProceed? [y/N]: Cancelled: nothing was changed.", declined.Stderr);
        Assert.Equal(0, one.Writes + two.Writes);

        var confirmed = await Klutch.RunAsync(["upgrade", "konnector", "v1.3.1", "--all-contexts", "--kubeconfig", kubeconfig.Path], terminal: new Terminal(true, false), input: "y\n");
        Assert.True(confirmed.ExitCode == 0, confirmed.ToString());
        Assert.Equal(1, confirmed.Stderr.Split("[y/N]").Length - 1);
        // One line per cluster, redrawn in place, never wider than the terminal.
        Assert.Contains("\u001b[2A\r\u001b[Kapp-1  upgraded\n\r\u001b[Kapp-2  starting\n", confirmed.Stderr);
        Assert.All(confirmed.Stderr.Split('\n'), line => Assert.True(line.Split('\r').Last().Length <= 80 + 4, line));
        Assert.Equal(($"{Konnector}:v1.3.1", $"{Konnector}:v1.3.1"), (Image(one), Image(two)));
    }

    [Fact]
    public async Task Two_names_for_one_server_are_upgraded_once()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(server.As("app-1"), server.As("app-1-admin"));

        var run = await Upgrade(kubeconfig, "--contexts", "app-1,app-1-admin", "--yes");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, server.Writes);
        Assert.Contains("acting on it once, as \"app-1\"", run.Stderr);
        Assert.EndsWith("1 cluster: 1 upgraded\n", run.Stdout);
    }

    [Theory]
    [InlineData("--contexts", "prod-*")]
    [InlineData("--contexts", "app-9")]
    [InlineData("--fleet", "prod")]
    public async Task A_choice_that_names_no_cluster_is_refused_before_any_request(string flag, string value)
    {
        await using var one = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(one.As("app-1"));

        var run = await Upgrade(kubeconfig, flag, value, "--yes");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(one.Requests);
    }

    [Fact]
    public async Task A_fleet_where_no_cluster_has_the_component_is_refused()
    {
        await using var controlPlane = await Klutch.StartAsync(Scenarios.ControlPlane);
        using var kubeconfig = FleetKubeconfig.Write(controlPlane.As("cp-1"));

        var run = await Upgrade(kubeconfig, "--all-contexts", "--yes");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: none of the 1 chosen clusters has what to upgrade: konnector is not in context \"cp-1\"", run.Stderr);
        Assert.Equal(0, controlPlane.Writes);
    }

    [Fact]
    public async Task Rollback_across_the_fleet_goes_back_where_the_plugin_recorded_a_previous_version()
    {
        await using var one = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var two = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(one.As("app-1"), two.As("app-2"));
        Assert.Equal(0, (await Klutch.RunAsync(["upgrade", "konnector", "v1.3.1", "--context", "app-1", "--kubeconfig", kubeconfig.Path, "--yes"])).ExitCode);

        var run = await Klutch.RunAsync(["rollback", "konnector", "--all-contexts", "--kubeconfig", kubeconfig.Path, "--yes", "--continue-on-error"]);

        Assert.Equal(1, run.ExitCode); // app-2 has no previous version to go back to
        Assert.Equal($"{Konnector}:v1.3.0", Image(one));
        Assert.Contains("app-2: refused: konnector has no previous version recorded", run.Stdout);
        Assert.EndsWith("2 clusters: 1 refused (app-2), 1 rolled back\n", run.Stdout);
    }

    [Fact]
    public async Task Fleet_only_flags_are_refused_for_one_cluster()
    {
        await using var one = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await Klutch.RunAsync(one, "upgrade", "konnector", "v1.3.1", "--yes", "--continue-on-error");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --continue-on-error goes on with the other clusters of a fleet: add --contexts, --all-contexts or --fleet\n", run.Stderr);
        Assert.Empty(one.Requests);
    }

    /// <summary>Waits until the cluster's status is all healthy (a rollout the test started has finished).</summary>
    private static async Task SettledAsync(TestApiServer server)
    {
        for (var i = 0; i < 200 && (await Klutch.RunAsync(server, "status")).ExitCode != 0; i++) await Task.Delay(100);
    }

    private static string[] Cells(string[] lines, string context) =>
        System.Text.RegularExpressions.Regex.Split(lines.First(l => l.StartsWith(context + " ", StringComparison.Ordinal)).TrimEnd(), " {3,}");
}
