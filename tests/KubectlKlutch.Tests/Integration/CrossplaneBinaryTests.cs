using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// Crossplane's real package failures, from the published native binary as an operator runs it.
/// The binary's run is limited to two minutes while the follow's default timeout is five: an
/// upgrade that does not fail fast cannot pass.
/// </summary>
public class CrossplaneBinaryTests
{
    private const string Provider = "public.ecr.aws/w5n9a2g2/klutch/provider-anynines";

    private static Task<TestApiServer> StartAsync(string scenario) =>
        TestApiServer.StartAsync(scenario, new TestApiServerOptions { StepInterval = TimeSpan.FromMilliseconds(50), ProgressDeadline = TimeSpan.FromSeconds(3) });

    private static Task<CliRun> RunAsync(TestApiServer server, params string[] args) =>
        PublishedBinary.RunAsync([.. args, "--kubeconfig", server.KubeconfigPath]);

    [Theory]
    [InlineData(Scenarios.ControlPlaneCrossplane120, "missing")]
    [InlineData(Scenarios.ControlPlaneCrossplane2, "missing")]
    [InlineData(Scenarios.ControlPlaneCrossplane2, "unauthorized")]
    public async Task A_package_that_cannot_be_fetched_fails_fast_and_status_tells_what_runs_and_why(string scenario, string fault)
    {
        await using var server = await StartAsync(scenario);
        var answer = fault == "missing" ? "MANIFEST_UNKNOWN: Requested image not found" : "UNAUTHORIZED: authentication required";
        if (fault == "missing") server.Images.MarkPackageMissing($"{Provider}:v1.9.0");
        else server.Images.MarkPackageUnauthorized($"{Provider}:v1.9.0");

        var run = await RunAsync(server, "upgrade", "provider-anynines", "v1.9.0", "--yes", "--skip-registry-check");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"provider-anynines failed: requests {Provider}:v1.9.0 but still runs {Provider}:v1.3.0: Provider provider-anynines cannot install it (UnpackingPackage: cannot unpack package: failed to fetch package digest from remote: GET https://public.ecr.aws/v2/w5n9a2g2/klutch/provider-anynines/manifests/v1.9.0: {answer})\n", run.Stdout);
        Assert.Contains("  last event: UnpackPackage: cannot unpack package: ", run.Stdout);

        var status = await RunAsync(server, "status");
        Assert.Equal(3, status.ExitCode);
        var row = status.Row("provider-anynines");
        Assert.Equal(["v1.3.0 -> v1.9.0", "Degraded"], row[2..4]);
        Assert.Contains($"(UnpackingPackage: cannot unpack package: failed to fetch package digest from remote: GET https://public.ecr.aws/v2/w5n9a2g2/klutch/provider-anynines/manifests/v1.9.0: {answer})", status.State("provider-anynines"));
        var json = JsonNode.Parse((await RunAsync(server, "status", "-o", "json")).Stdout)!["components"]!.AsArray()
            .Single(c => (string)c!["name"]! == "provider-anynines")!;
        Assert.Equal(("v1.9.0", "v1.3.0"), ((string)json["version"]!, (string)json["running"]!));
    }

    [Theory]
    [InlineData(Scenarios.ControlPlaneCrossplane120)]
    [InlineData(Scenarios.ControlPlaneCrossplane2)]
    public async Task A_crash_looping_provider_runtime_fails_fast_naming_the_pod(string scenario)
    {
        await using var server = await StartAsync(scenario);
        server.Images.MarkCrashing($"{Provider}:v1.4.0");

        var run = await RunAsync(server, "upgrade", "provider-anynines", "v1.4.0", "--yes");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"provider-anynines failed: provider runtime unavailable: pod provider-anynines-\w{12}-[a-z0-9]+-[a-z0-9]+: CrashLoopBackOff", run.Stdout);
    }

    [Fact]
    public async Task An_image_config_rewrite_is_shown_and_the_registry_is_asked_where_the_cluster_pulls_from()
    {
        await using var server = await StartAsync(Scenarios.ControlPlaneImageConfig);
        var host = (await TestRegistry.EnvironmentAsync())["KLUTCH_REGISTRY__INSECURE"]!;
        await TestRegistryPush.PushAsync(host, "site-binary/w5n9a2g2/klutch/provider-anynines", ["v1.3.0", "v1.3.1"]);
        var mirror = new Dictionary<string, string?>
        {
            ["KLUTCH_REGISTRY__MIRRORS__3__FROM"] = "registry.klutch.example/w5n9a2g2",
            ["KLUTCH_REGISTRY__MIRRORS__3__TO"] = $"{host}/site-binary/w5n9a2g2",
        };

        // -o wide: the default table cuts a healthy row's state to fit 120 columns.
        var status = await RunAsync(server, "status", "-o", "wide");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.EndsWith($"; pulls from {Scenarios.SiteMirrorPrefix}provider-anynines:v1.3.0 (ImageConfig {Scenarios.SiteMirrorImageConfig})", status.Row("provider-anynines")[5]);

        var refused = await PublishedBinary.RunAsync(["upgrade", "provider-anynines", "v1.4.0", "--yes", "--kubeconfig", server.KubeconfigPath], mirror);
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith($"error: {Provider}:v1.4.0 does not exist where the cluster pulls it from ({Scenarios.SiteMirrorPrefix}provider-anynines:v1.4.0, rewritten by an ImageConfig): ", refused.Stderr);
        Assert.Equal(0, server.Writes);
    }
}
