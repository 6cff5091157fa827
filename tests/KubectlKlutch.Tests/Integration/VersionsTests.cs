using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>`versions` and the registry's part in `upgrade`, against a real registry on loopback.</summary>
public class VersionsTests
{
    private static async Task<IReadOnlyDictionary<string, string?>> RegistryDown()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var host = $"127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop(); // nothing listens there any more: connection refused
        await Task.CompletedTask;
        return TestRegistry.Mirrored(host);
    }

    [Fact]
    public async Task Shows_installed_latest_latest_patch_and_what_is_available_newest_first()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await Klutch.RunAsync(server, "versions");
        Assert.Equal(4, run.ExitCode); // an update is available
        Assert.StartsWith("kubectl-klutch v", run.Stdout);
        Assert.Contains(", context klutch-test\n", run.Stdout);
        Assert.Equal(["konnector", "v1.3.0", "v1.3.1", "v1.3.1", "1 release", "v1.3.1 v1.3.0 v1.2.0"], run.Row("konnector"));
        Assert.Contains("konnector: also tagged latest (not releases)\n", run.Stdout);
    }

    [Fact]
    public async Task Release_candidates_only_with_pre()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await Klutch.RunAsync(server, "versions", "konnector", "--pre", "-o", "json");
        var konnector = JsonNode.Parse(run.Stdout)!["components"]![0]!;
        Assert.Equal(["v1.4.0-rc1", "v1.3.1", "v1.3.0", "v1.2.0"], konnector["available"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("v1.3.1", (string)konnector["latest"]!); // a candidate is never "latest"
    }

    [Fact]
    public async Task A_legacy_install_is_compared_with_the_repository_releases_now_come_from()
    {
        await using var server = await Klutch.StartAsync(Scenarios.LegacyAppCluster);
        var run = await Klutch.RunAsync(server, "versions", "-o", "json");
        var konnector = JsonNode.Parse(run.Stdout)!["components"]![0]!;
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/konnector", (string)konnector["repository"]!);
        Assert.Equal("v1.2.0", (string)konnector["installed"]!);
        Assert.Equal(2, (int)konnector["behind"]!);
    }

    [Fact]
    public async Task The_whole_catalog_needs_no_cluster()
    {
        var env = new Dictionary<string, string?>(await TestRegistry.EnvironmentAsync()) { ["KUBECONFIG"] = "/nonexistent" };
        var run = await Klutch.RunAsync(["versions", "--all-components", "-o", "json"], environment: env);
        Assert.True(run.ExitCode == 0, run.ToString());
        var json = JsonNode.Parse(run.Stdout)!;
        Assert.Null(json["context"]);
        Assert.StartsWith("v", (string)json["pluginVersion"]!);
        Assert.Equal(7, json["components"]!.AsArray().Count);
        Assert.Equal("v1.20.0", (string)json["components"]!.AsArray().Single(c => (string)c!["name"]! == "crossplane")!["latest"]!);
    }

    [Fact]
    public async Task A_registry_out_of_reach_still_shows_what_is_installed_and_exits_1()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await Klutch.RunAsync(["versions", "--kubeconfig", server.KubeconfigPath], environment: await RegistryDown());
        Assert.Equal(1, run.ExitCode); // the answer is incomplete: 4 is only "an update is available"
        Assert.Equal(["konnector", "v1.3.0", "unknown", "unknown", "unknown", "-"], run.Row("konnector"));
        Assert.Matches(@"Warning: konnector: cannot reach registry 127\.0\.0\.1:\d+ for w5n9a2g2/klutch/konnector \(connection refused\)", run.Stderr);
    }

    [Fact]
    public async Task Upgrade_to_latest_resolves_through_the_registry()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "latest", "--yes");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("konnector now runs public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1", run.Stdout);
    }

    [Fact]
    public async Task Upgrade_to_a_tag_the_registry_does_not_have_is_refused_before_any_write()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.9.9", "--yes");
        Assert.Equal(2, run.ExitCode);
        // The sentence names the mirror that was asked (the test registry stands in for public ECR).
        Assert.Matches(@"^error: public\.ecr\.aws/w5n9a2g2/klutch/konnector:v1\.9\.9 does not exist: 127\.0\.0\.1:\d+/w5n9a2g2/klutch/konnector has no tag v1\.9\.9; see 'kubectl klutch versions konnector', or pass --skip-registry-check if the cluster's nodes see a registry this machine does not\n$", run.Stderr);
        Assert.Equal(0, server.Writes);
    }

    [Fact]
    public async Task Upgrade_with_the_registry_out_of_reach_fails_clearly_unless_the_check_is_skipped()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var down = await RegistryDown();
        var refused = await Klutch.RunAsync(["upgrade", "konnector", "v1.3.1", "--yes", "--kubeconfig", server.KubeconfigPath], environment: down);
        Assert.Equal(1, refused.ExitCode);
        Assert.Matches(@"^error: cannot check that public\.ecr\.aws/w5n9a2g2/klutch/konnector:v1\.3\.1 exists: Cannot reach registry 127\.0\.0\.1:\d+ .*; pass --skip-registry-check if the cluster's nodes see a registry this machine does not\n$", refused.Stderr);
        Assert.Equal(0, server.Writes);

        var skipped = await Klutch.RunAsync(["upgrade", "konnector", "v1.3.1", "--yes", "--skip-registry-check", "--kubeconfig", server.KubeconfigPath], environment: down);
        Assert.True(skipped.ExitCode == 0, skipped.ToString());
    }

    [Fact]
    public async Task A_broken_setting_is_bad_input_naming_the_setting()
    {
        var env = new Dictionary<string, string?>(await TestRegistry.EnvironmentAsync()) { ["KLUTCH_REGISTRY__TIMEOUT"] = "soon" };
        var run = await Klutch.RunAsync(["versions", "--all-components"], environment: env);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: setting Registry:Timeout in environment variable KLUTCH_REGISTRY__TIMEOUT must be a positive number of seconds (at most 86400), not 'soon'\n", run.Stderr);
    }
}
