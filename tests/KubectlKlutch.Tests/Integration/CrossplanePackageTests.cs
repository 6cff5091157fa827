using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// Package upgrades against Crossplane as it really fails them, on 1.x (`Healthy`) and 2.x
/// (`RevisionHealthy`/`RuntimeHealthy`) revisions: a tag that cannot be fetched makes no
/// revision and the package says why; a provider runtime that crash-loops; an ImageConfig that
/// moves where the cluster pulls from. No test passes --timeout: a follow that does not fail
/// fast would wait out the default five minutes and end "timed out", which the assertions reject.
/// </summary>
public class CrossplanePackageTests
{
    private const string Provider = "public.ecr.aws/w5n9a2g2/klutch/provider-anynines";

    private static Task<TestApiServer> StartAsync(string scenario, string? crossplane = null) =>
        TestApiServer.StartAsync(scenario, new TestApiServerOptions
        {
            StepInterval = TimeSpan.FromMilliseconds(50), ProgressDeadline = TimeSpan.FromSeconds(3), CrossplaneVersion = crossplane,
        });

    private static string Package(TestApiServer server) =>
        (string)server.State.Get("pkg.crossplane.io/v1", "Provider", null, "provider-anynines")!["spec"]!["package"]!;

    private static string Registry(string tag, string answer) =>
        $"cannot unpack package: failed to fetch package digest from remote: GET https://public.ecr.aws/v2/w5n9a2g2/klutch/provider-anynines/manifests/{tag}: {answer}";

    [Theory]
    [InlineData(Scenarios.ControlPlane, null)]                      // 1.17: Healthy stays True
    [InlineData(Scenarios.ControlPlaneCrossplane120, null)]         // 1.20: Healthy stays True (crossplane issue 4196)
    [InlineData(Scenarios.ControlPlaneCrossplane2, "2.1.0")]        // 2.1: v2 conditions, Healthy stays True
    [InlineData(Scenarios.ControlPlaneCrossplane2, null)]           // 2.3: Healthy=False too
    public async Task A_tag_that_cannot_be_fetched_fails_at_once_with_the_packages_reason_the_registrys_message_and_the_event(string scenario, string? crossplane)
    {
        await using var server = await StartAsync(scenario, crossplane);
        server.Images.MarkPackageMissing($"{Provider}:v1.9.0");

        var run = await Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.9.0", "--yes", "--skip-registry-check");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"provider-anynines failed: requests {Provider}:v1.9.0 but still runs {Provider}:v1.3.0: Provider provider-anynines cannot install it (UnpackingPackage: {Registry("v1.9.0", "MANIFEST_UNKNOWN: Requested image not found")})\n", run.Stdout);
        Assert.Contains($"  last event: UnpackPackage: {Registry("v1.9.0", "MANIFEST_UNKNOWN")}", run.Stdout);
        Assert.Contains("  to go back: kubectl klutch rollback provider-anynines", run.Stdout);
        Assert.DoesNotContain("timed out", run.Stdout);
    }

    [Theory]
    [InlineData(Scenarios.ControlPlaneCrossplane120)]
    [InlineData(Scenarios.ControlPlaneCrossplane2)]
    public async Task A_tag_the_cluster_may_not_pull_fails_the_same_way_though_the_registry_check_passed(string scenario)
    {
        await using var server = await StartAsync(scenario);
        server.Images.MarkPackageUnauthorized($"{Provider}:v1.4.0"); // this machine sees it; the cluster's nodes may not pull it

        var run = await Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.4.0", "--yes");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"provider-anynines failed: requests {Provider}:v1.4.0 but still runs {Provider}:v1.3.0: Provider provider-anynines cannot install it (UnpackingPackage: {Registry("v1.4.0", "UNAUTHORIZED: authentication required")})\n", run.Stdout);
        Assert.Contains($"  last event: UnpackPackage: {Registry("v1.4.0", "UNAUTHORIZED")}", run.Stdout);
    }

    [Theory]
    [InlineData(Scenarios.ControlPlaneCrossplane120)]
    [InlineData(Scenarios.ControlPlaneCrossplane2)]
    public async Task Rollback_on_failure_puts_the_old_tag_back_and_the_package_installs_it_again(string scenario)
    {
        await using var server = await StartAsync(scenario);
        server.Images.MarkPackageMissing($"{Provider}:v1.9.0");

        var run = await Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.9.0", "--yes", "--skip-registry-check", "--rollback-on-failure");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"provider-anynines failed and was rolled back: requests {Provider}:v1.9.0 but still runs {Provider}:v1.3.0: Provider provider-anynines cannot install it (UnpackingPackage: ", run.Stdout);
        Assert.Contains($"rolled back to {Provider}:v1.3.0", run.Stdout);
        Assert.Equal($"{Provider}:v1.3.0", Package(server));
        var status = await Klutch.RunAsync(server, "status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(["provider-anynines", "provider-anynines", "v1.3.0", "Healthy"], status.Row("provider-anynines")[..4]);
    }

    [Fact]
    public async Task A_failed_control_plane_upgrade_on_crossplane_2_is_put_back_step_by_step()
    {
        await using var server = await StartAsync(Scenarios.ControlPlaneCrossplane2);
        server.Images.MarkPackageMissing("public.ecr.aws/w5n9a2g2/klutch/dataservices:v1.3.1");

        var run = await Klutch.RunAsync(server, "upgrade", "control-plane", "v1.3.1", "--yes", "--rollback-on-failure");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("dataservices failed and was rolled back: requests public.ecr.aws/w5n9a2g2/klutch/dataservices:v1.3.1 but still runs public.ecr.aws/w5n9a2g2/klutch/dataservices:v1.3.0: Configuration anynines-dataservices cannot install it (UnpackingPackage: ", run.Stdout);
        Assert.Contains($"provider-anynines was rolled back: rolled back to {Provider}:v1.3.0 after dataservices failed\n", run.Stdout);
        Assert.Equal($"{Provider}:v1.3.0", Package(server));
    }

    [Theory]
    [InlineData(Scenarios.ControlPlaneCrossplane120, "Healthy")]
    [InlineData(Scenarios.ControlPlaneCrossplane2, "RuntimeHealthy")]
    public async Task A_healthy_upgrade_is_not_failed_by_the_runtime_that_is_still_starting(string scenario, string condition)
    {
        // Slow steps, so that the new revision's runtime is seen unavailable for a while before it is available.
        await using var server = await TestApiServer.StartAsync(scenario, new TestApiServerOptions { StepInterval = TimeSpan.FromMilliseconds(400) });
        var upgrade = Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.4.0", "--yes");

        var sawUnavailable = false;
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (!upgrade.IsCompleted && !sawUnavailable && DateTimeOffset.UtcNow < deadline)
        {
            sawUnavailable = server.State.List("pkg.crossplane.io/v1", "ProviderRevision").Any(r => (string?)r["spec"]!["image"] == $"{Provider}:v1.4.0"
                && r["status"]?["conditions"] is JsonArray conditions
                && conditions.Any(c => (string?)c!["type"] == condition && (string?)c["status"] == "False"));
            await Task.Delay(10);
        }
        var run = await upgrade;

        Assert.True(sawUnavailable, $"the new revision never said {condition}=False while its runtime started");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches($@"provider-anynines now runs {Provider.Replace(".", @"\.")}:v1\.4\.0: revision provider-anynines-\w+ runs .+ and is healthy\n", run.Stdout);
        var runtimes = server.State.List("apps/v1", "Deployment", "crossplane-system")
            .Where(d => (string?)d["metadata"]!["labels"]?["pkg.crossplane.io/provider"] == "provider-anynines");
        Assert.Equal([(string)server.State.Get("pkg.crossplane.io/v1", "Provider", null, "provider-anynines")!["status"]!["currentRevision"]!],
            runtimes.Select(d => (string)d["metadata"]!["name"]!));
    }

    [Theory]
    [InlineData(Scenarios.ControlPlaneCrossplane120)]
    [InlineData(Scenarios.ControlPlaneCrossplane2)]
    public async Task A_crash_looping_provider_runtime_fails_fast_naming_the_pod_and_the_reason(string scenario)
    {
        await using var server = await StartAsync(scenario);
        server.Images.MarkCrashing($"{Provider}:v1.4.0");

        var run = await Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.4.0", "--yes");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"provider-anynines failed: provider runtime unavailable: pod provider-anynines-\w{12}-[a-z0-9]+-[a-z0-9]+: CrashLoopBackOff", run.Stdout);
        Assert.Matches(@"  last event: \w+: .+\n", run.Stdout);

        var status = await Klutch.RunAsync(server, "status");
        Assert.Equal(3, status.ExitCode);
        var row = status.Row("provider-anynines");
        Assert.Equal(["v1.4.0", "Degraded"], row[2..4]);
        Assert.StartsWith("provider runtime unavailable: pod provider-anynines-", status.State("provider-anynines"));
    }

    [Theory]
    [InlineData(Scenarios.ControlPlane)]
    [InlineData(Scenarios.ControlPlaneCrossplane2)]
    public async Task Status_shows_the_version_that_runs_beside_the_one_asked_for_with_the_packages_reason(string scenario)
    {
        await using var server = await StartAsync(scenario);
        server.Images.MarkPackageMissing($"{Provider}:v1.9.0");
        Assert.Equal(1, (await Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.9.0", "--yes", "--skip-registry-check")).ExitCode);

        var table = await Klutch.RunAsync(server, "status");
        Assert.Equal(3, table.ExitCode);
        var row = table.Row("provider-anynines");
        Assert.Equal(["provider-anynines", "provider-anynines", "v1.3.0 -> v1.9.0", "Degraded"], row[..4]);
        Assert.Contains("UnpackingPackage: cannot unpack package: failed to fetch package digest from remote: GET https://public.ecr.aws/v2/w5n9a2g2/klutch/provider-anynines/manifests/v1.9.0: MANIFEST_UNKNOWN", table.State("provider-anynines"));

        var json = await Klutch.RunAsync(server, "status", "-o", "json");
        var component = JsonNode.Parse(json.Stdout)!["components"]!.AsArray().Single(c => (string)c!["name"]! == "provider-anynines")!;
        Assert.Equal("v1.9.0", (string)component["version"]!); // what the object asks for, as documented
        Assert.Equal("v1.3.0", (string)component["running"]!);
        Assert.Equal("Degraded", (string)component["health"]!);
    }

    [Fact]
    public async Task A_deployment_mid_rollout_shows_the_version_its_old_pods_still_serve()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.AppCluster, new TestApiServerOptions { StepInterval = TimeSpan.FromMilliseconds(50) });
        server.Images.MarkCrashing("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1");
        Assert.Equal(1, (await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes")).ExitCode);

        var status = await Klutch.RunAsync(server, "status");
        Assert.Equal(["konnector", "klutch-bind/konnector", "v1.3.0 -> v1.3.1", "Degraded"], status.Row("konnector")[..4]);
    }

    [Fact]
    public async Task An_image_config_rewrite_is_shown_in_status_and_the_plan()
    {
        await using var server = await StartAsync(Scenarios.ControlPlaneImageConfig);

        // -o wide: the default table cuts a healthy row's state to fit 120 columns.
        var status = await Klutch.RunAsync(server, "status", "-o", "wide");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.EndsWith($"; pulls from {Scenarios.SiteMirrorPrefix}provider-anynines:v1.3.0 (ImageConfig {Scenarios.SiteMirrorImageConfig})", status.Row("provider-anynines")[5]);
        var json = JsonNode.Parse((await Klutch.RunAsync(server, "status", "-o", "json")).Stdout)!["components"]!.AsArray()
            .Single(c => (string)c!["name"]! == "provider-anynines")!;
        Assert.Equal($"{Scenarios.SiteMirrorPrefix}provider-anynines:v1.3.0", (string)json["resolvedPackage"]!);
        Assert.Equal([Scenarios.SiteMirrorImageConfig], json["imageConfigs"]!.AsArray().Select(n => (string)n!));
        Assert.Equal($"{Provider}:v1.3.0", (string)json["currentPackage"]!); // what runs is still compared by the original package

        var plan = await Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.3.1", "--dry-run", "--skip-registry-check");
        Assert.Contains($"the cluster pulls from {Scenarios.SiteMirrorPrefix}provider-anynines:v1.3.1 (ImageConfig {Scenarios.SiteMirrorImageConfig})", plan.Stdout);
    }

    [Fact]
    public async Task The_registry_check_asks_where_the_image_config_sends_the_cluster_through_the_mirror_settings()
    {
        await using var server = await StartAsync(Scenarios.ControlPlaneImageConfig);
        var environment = new Dictionary<string, string?>(await TestRegistry.EnvironmentAsync());
        var host = environment["KLUTCH_REGISTRY__INSECURE"]!;
        // The site mirror holds fewer tags than the public repository: v1.3.1, not v1.4.0.
        await TestRegistryPush.PushAsync(host, "site/w5n9a2g2/klutch/provider-anynines", ["v1.3.0", "v1.3.1"]);
        environment["KLUTCH_REGISTRY__MIRRORS__3__FROM"] = "registry.klutch.example/w5n9a2g2";
        environment["KLUTCH_REGISTRY__MIRRORS__3__TO"] = $"{host}/site/w5n9a2g2";

        var missing = await Klutch.RunAsync(["upgrade", "provider-anynines", "v1.4.0", "--yes", "--kubeconfig", server.KubeconfigPath], environment: environment);
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith($"error: {Provider}:v1.4.0 does not exist where the cluster pulls it from ({Scenarios.SiteMirrorPrefix}provider-anynines:v1.4.0, rewritten by an ImageConfig): {host}/site/w5n9a2g2/klutch/provider-anynines has no tag v1.4.0; ", missing.Stderr);
        Assert.Equal(0, server.Writes);

        var present = await Klutch.RunAsync(["upgrade", "provider-anynines", "v1.3.1", "--yes", "--kubeconfig", server.KubeconfigPath], environment: environment);
        Assert.True(present.ExitCode == 0, present.ToString());
        Assert.Equal($"{Provider}:v1.3.1", Package(server)); // spec.package keeps the original location
    }
}

/// <summary>Pushes extra repositories to the run's test registry.</summary>
internal static class TestRegistryPush
{
    public static Task PushAsync(string host, string repository, string[] tags) =>
        KubectlKlutch.TestRegistry.ImagePusher.PushAsync(new Uri($"http://{host}/"), repository, tags);
}
