using System.Diagnostics;
using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>`upgrade` followed to its real end: success, fast failure, timeout, going back, and a flaky API.</summary>
public class UpgradeFollowTests
{
    private const string Konnector = "public.ecr.aws/w5n9a2g2/klutch/konnector";

    private static string Image(TestApiServer server, string ns = "klutch-bind", string name = "konnector") =>
        (string)server.State.Get("apps/v1", "Deployment", ns, name)!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!;

    private static string Package(TestApiServer server, string kind, string name) =>
        (string)server.State.Get("pkg.crossplane.io/v1", kind, null, name)!["spec"]!["package"]!;

    [Fact]
    public async Task An_upgrade_is_followed_until_every_new_replica_is_available()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.EndsWith("konnector now runs public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1: rolled out: 2/2 replicas available; no APIServiceBindings on this cluster (a fresh install): no heartbeat to wait for\n", run.Stdout);
        Assert.Contains("konnector: patched klutch-bind/konnector to public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1\n", run.Stderr);
        Assert.Matches(@"konnector: rolled out: 2/2 replicas available.* \[2/2 updated, 2 ready, 2 available\]", run.Stderr);

        var status = await Klutch.RunAsync(server, "status");
        Assert.Equal(["konnector", "klutch-bind/konnector", "v1.3.1", "Healthy"], status.Row("konnector")[..4]);
    }

    [Theory]
    [InlineData("missing", "(ErrImagePull|ImagePullBackOff)")] // a kubelet reports ErrImagePull first; both fail fast
    [InlineData("crashing", "CrashLoopBackOff")]
    public async Task A_new_pod_that_cannot_start_fails_the_upgrade_at_once_naming_pod_reason_and_event(string fault, string reason)
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        if (fault == "missing") server.Images.MarkMissing($"{Konnector}:v1.3.1");
        else server.Images.MarkCrashing($"{Konnector}:v1.3.1");
        var clock = Stopwatch.StartNew();
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes", "--timeout", "2m");
        Assert.Equal(1, run.ExitCode);
        Assert.Matches($@"konnector failed: pod konnector-[a-z0-9]+-[a-z0-9]+: {reason}", run.Stdout);
        Assert.Matches(@"  last event: \w+: .+\n", run.Stdout);
        Assert.Contains($"  to go back: kubectl klutch rollback konnector --kubeconfig {server.KubeconfigPath} --context klutch-test -n klutch-bind\n", run.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}: it must not wait for the 2m timeout");
        Assert.Equal($"{Konnector}:v1.3.1", Image(server)); // nothing is rolled back unless asked

        var back = await Klutch.RunAsync(server, "rollback", "konnector", "--yes");
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Equal($"{Konnector}:v1.3.0", Image(server));
    }

    [Fact]
    public async Task Asking_again_for_the_version_a_crashing_rollout_is_at_follows_it_instead_of_calling_it_done()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Images.MarkCrashing($"{Konnector}:v1.3.1");
        Assert.Equal(1, (await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes")).ExitCode);
        var writes = server.Writes;

        // No --yes and no terminal: nothing is to be written, so nothing needs confirming.
        var again = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1");

        Assert.Equal(1, again.ExitCode);
        Assert.Matches(@"     already at public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1, not settled yet: pod konnector-[a-z0-9]+-[a-z0-9]+: CrashLoopBackOff", again.Stdout);
        Assert.Matches(@"konnector failed: pod konnector-[a-z0-9]+-[a-z0-9]+: CrashLoopBackOff", again.Stdout);
        Assert.Equal(writes, server.Writes);
    }

    [Fact]
    public async Task A_rollback_after_the_failed_rollout_missed_its_deadline_is_not_judged_by_that_old_deadline()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Images.MarkCrashing($"{Konnector}:v1.3.1");
        Assert.Equal(1, (await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes")).ExitCode);
        for (var i = 0; i < 300 && Progressing(server) != "ProgressDeadlineExceeded"; i++) await Task.Delay(50);
        Assert.Equal("ProgressDeadlineExceeded", Progressing(server));

        var back = await Klutch.RunAsync(server, "rollback", "konnector", "--yes");

        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Equal($"{Konnector}:v1.3.0", Image(server));
    }

    private static string? Progressing(TestApiServer server) =>
        server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!["status"]?["conditions"]?.AsArray()
            .FirstOrDefault(c => (string?)c!["type"] == "Progressing")?["reason"]?.GetValue<string>();

    [Fact]
    public async Task Rollback_on_failure_goes_back_and_waits_for_that_too()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Images.MarkMissing($"{Konnector}:v1.3.1");
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes", "--rollback-on-failure");
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"konnector failed and was rolled back: pod konnector-[a-z0-9-]+: (ErrImagePull|ImagePullBackOff).*; rolled back to public\.ecr\.aws/w5n9a2g2/klutch/konnector:v1\.3\.0\n", run.Stdout);
        Assert.Equal($"{Konnector}:v1.3.0", Image(server));
        var status = await Klutch.RunAsync(server, "status");
        Assert.Equal(0, status.ExitCode);
    }

    [Fact]
    public async Task A_slow_rollout_times_out_with_what_it_was_waiting_for()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.AppCluster, new TestApiServerOptions { StepInterval = TimeSpan.FromSeconds(30) });
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes", "--timeout", "2s");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("konnector timed out: not done after 2s: ", run.Stdout);
        Assert.Contains("  to go back: kubectl klutch rollback konnector", run.Stdout);
    }

    [Fact]
    public async Task A_package_whose_new_revision_cannot_unpack_fails_fast_despite_healthy_conditions()
    {
        // The older Crossplane failure: a new revision that says Healthy=False.
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        server.Images.MarkPackageUnpackable("public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.1");
        var run = await Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.3.1", "--yes", "--timeout", "2m");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("provider-anynines failed: requests public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.1 but still runs public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0: revision ", run.Stdout);
        Assert.Contains("  to go back: kubectl klutch rollback provider-anynines", run.Stdout);
    }

    [Fact]
    public async Task A_package_upgrade_is_done_when_the_active_revision_runs_the_new_package()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        var run = await Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.3.1", "--yes");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"provider-anynines now runs public\.ecr\.aws/w5n9a2g2/klutch/provider-anynines:v1\.3\.1: revision provider-anynines-\w+ runs public\.ecr\.aws/w5n9a2g2/klutch/provider-anynines:v1\.3\.1 and is healthy\n", run.Stdout);
        var provider = server.State.Get("pkg.crossplane.io/v1", "Provider", null, "provider-anynines")!;
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.1", (string)provider["status"]!["currentIdentifier"]!);
    }

    [Fact]
    public async Task A_conflict_is_retried_on_fresh_state()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Faults.ConflictOnNextWrite();
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes");
        Assert.True(run.ExitCode == 0, run.ToString());
        var patches = server.Requests.Where(r => r.Verb == "patch").ToList();
        Assert.Equal([409, 200], patches.Select(p => p.StatusCode));
    }

    [Fact]
    public async Task A_dropped_watch_is_resumed_from_its_last_resource_version()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.AppCluster, new TestApiServerOptions { StepInterval = TimeSpan.FromMilliseconds(400) });
        var upgrade = Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes");
        await WaitFor(() => server.Requests.Any(r => r.Verb == "watch"));
        server.Faults.DropWatches();
        var run = await upgrade;
        Assert.True(run.ExitCode == 0, run.ToString());
        var watches = server.Requests.Where(r => r.Verb == "watch").ToList();
        Assert.True(watches.Count >= 2, $"{watches.Count} watch requests");
        Assert.Contains("resourceVersion=", watches[1].Query);
    }

    [Fact]
    public async Task A_restarted_API_server_is_reconnected_to()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.AppCluster, new TestApiServerOptions { StepInterval = TimeSpan.FromMilliseconds(500) });
        var upgrade = Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes");
        await WaitFor(() => server.Requests.Any(r => r.Verb == "patch"));
        await server.StopAsync();
        await Task.Delay(1500);
        await server.RestartAsync();
        var run = await upgrade;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("API server not reachable, retrying: cannot reach the API server", run.Stderr);
        Assert.EndsWith("konnector now runs public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1: rolled out: 2/2 replicas available; no APIServiceBindings on this cluster (a fresh install): no heartbeat to wait for\n", run.Stdout);
    }

    [Fact]
    public async Task Ctrl_C_stops_waiting_never_the_upgrade()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.AppCluster, new TestApiServerOptions { StepInterval = TimeSpan.FromSeconds(30) });
        using var interrupt = new CancellationTokenSource();
        var upgrade = Klutch.RunAsync(["upgrade", "konnector", "v1.3.1", "--yes", "--kubeconfig", server.KubeconfigPath], ct: interrupt.Token);
        await WaitFor(() => server.Requests.Any(r => r.Verb == "patch"));
        await Task.Delay(300);
        interrupt.Cancel();
        var run = await upgrade;
        Assert.Equal(130, run.ExitCode); // as a shell reports Ctrl-C
        Assert.Contains("konnector interrupted: stopped waiting; the rollout goes on in the cluster", run.Stdout);
        Assert.Equal($"{Konnector}:v1.3.1", Image(server));
    }

    [Fact]
    public async Task The_control_plane_is_upgraded_in_order_each_finished_before_the_next()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        var run = await Klutch.RunAsync(server, "upgrade", "control-plane", "v1.3.1", "--yes", "-o", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var patched = server.Requests.Where(r => r.Verb == "patch").Select(r => r.Resource).ToList();
        Assert.Equal(["providers", "configurations", "deployments"], patched);
        var json = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(["provider-anynines", "dataservices", "backend"], json["plan"]!["steps"]!.AsArray().Select(s => (string)s!["component"]!));
        Assert.Equal(["Upgraded", "Upgraded", "Upgraded"], json["outcome"]!.AsArray().Select(s => (string)s!["result"]!));
        Assert.Contains(json["followUps"]!.AsArray(), f => ((string)f!).StartsWith("backend: each release ships the backend's CRDs"));
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/dataservices:v1.3.1", Package(server, "Configuration", "anynines-dataservices"));
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/example-backend:v1.3.1", Image(server, "bind", "anynines-backend"));
    }

    [Fact]
    public async Task The_control_plane_upgrade_stops_at_the_first_failure_and_says_what_was_and_was_not_done()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        server.Images.MarkPackageMissing("public.ecr.aws/w5n9a2g2/klutch/dataservices:v1.3.1");
        var run = await Klutch.RunAsync(server, "upgrade", "control-plane", "v1.3.1", "--yes");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("provider-anynines now runs public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.1", run.Stdout);
        Assert.Contains("dataservices failed: requests public.ecr.aws/w5n9a2g2/klutch/dataservices:v1.3.1 but still runs public.ecr.aws/w5n9a2g2/klutch/dataservices:v1.3.0: Configuration anynines-dataservices cannot install it (UnpackingPackage: ", run.Stdout);
        Assert.Contains("backend: not started: an earlier step did not finish\n", run.Stdout);
        Assert.DoesNotContain(server.Requests, r => r.Verb == "patch" && r.Resource == "deployments");
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/example-backend:v1.3.0", Image(server, "bind", "anynines-backend"));
    }

    [Fact]
    public async Task Rollback_without_a_recorded_version_is_refused()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await Klutch.RunAsync(server, "rollback", "konnector", "--yes");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: konnector has no previous version recorded (annotation klutch.anynines.com/rollback-to on klutch-bind/konnector): the plugin records it when it upgrades; to go back without it, use 'kubectl klutch upgrade konnector VERSION --allow-downgrade'\n", run.Stderr);
        Assert.Equal(0, server.Writes);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("condition not met");
            await Task.Delay(20);
        }
    }
}
