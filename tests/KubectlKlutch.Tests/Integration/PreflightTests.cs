using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>The release notes as checks, on the test cluster: blocking, passing, overridden, could not check.</summary>
public class PreflightTests
{
    private static void RemoveFunction(TestApiServer server) =>
        Assert.True(server.State.Delete("pkg.crossplane.io/v1beta1", "Function", null, "function-patch-and-transform"));

    private static void UnsetServiceType(TestApiServer server, string name)
    {
        var config = server.State.Get("dataservices.anynines.com/v1", "ProviderConfig", null, name)!;
        config["spec"]!.AsObject().Remove("serviceType");
        server.State.Put(config);
    }

    [Fact]
    public async Task A_missing_function_blocks_the_configuration_across_v1_3_1_with_the_fix()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        RemoveFunction(server);
        var run = await Klutch.RunAsync(server, "upgrade", "dataservices", "v1.3.1", "--yes");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Checks:\n  [blocking] function-patch-and-transform: function/function-patch-and-transform\n     v1.3.1 needs the Function function-patch-and-transform, and there is none", run.Stdout);
        Assert.Contains("     fix: install it first: 'crossplane xpkg install function xpkg.upbound.io/crossplane-contrib/function-patch-and-transform:v0.9.2'", run.Stdout);
        Assert.Equal("error: refusing to upgrade: the release checks function-patch-and-transform block it on this cluster; fix what they name, or pass --ignore-check ID to override one on purpose; nothing was changed\n", run.Stderr);
        Assert.Equal(0, server.Writes);
    }

    [Fact]
    public async Task An_override_by_id_proceeds_and_says_so()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        RemoveFunction(server);
        var run = await Klutch.RunAsync(server, "upgrade", "dataservices", "v1.3.1", "--yes", "--ignore-check", "function-patch-and-transform");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("  [overridden] function-patch-and-transform: function/function-patch-and-transform\n", run.Stdout);
        Assert.Contains("dataservices now runs public.ecr.aws/w5n9a2g2/klutch/dataservices:v1.3.1", run.Stdout);
    }

    [Fact]
    public async Task Findings_are_in_the_json_plan()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        RemoveFunction(server);
        var run = await Klutch.RunAsync(server, "upgrade", "control-plane", "v1.3.1", "--dry-run=client", "-o", "json");
        Assert.Equal(2, run.ExitCode);
        var finding = JsonNode.Parse(run.Stdout)!["findings"]!.AsArray().Single()!;
        Assert.Equal("function-patch-and-transform", (string)finding["id"]!);
        Assert.Equal("Blocking", (string)finding["severity"]!);
        Assert.Equal("function/function-patch-and-transform", (string)finding["object"]!);
        Assert.StartsWith("v1.3.1 needs the Function", (string)finding["message"]!);
        Assert.StartsWith("install it first", (string)finding["fix"]!);
        Assert.Equal(0, server.Writes);
    }

    [Fact]
    public async Task A_check_that_cannot_be_read_blocks_unless_ignored()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        server.Rbac.Deny("list", "functions", "pkg.crossplane.io");
        var run = await Klutch.RunAsync(server, "upgrade", "dataservices", "v1.3.1", "--yes");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  [could not check] function-patch-and-transform: functions.pkg.crossplane.io\n     could not check the Function function-patch-and-transform: ", run.Stdout);
        Assert.Equal(0, server.Writes);
    }

    [Fact]
    public async Task ProviderConfigs_without_a_service_type_block_v1_5_0_and_are_listed()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        UnsetServiceType(server, "postgresql-backup-manager");
        var run = await Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.5.0", "--yes");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  [blocking] providerconfig-service-type: providerconfig/postgresql-backup-manager\n     v1.5.0 requires spec.serviceType on every ProviderConfig, and 1 do not set it: postgresql-backup-manager\n", run.Stdout);
        Assert.Equal(0, server.Writes);

        server.Rbac.Deny("list", "providerconfigs", "dataservices.anynines.com");
        var unreadable = await Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.5.0", "--yes");
        Assert.Equal(2, unreadable.ExitCode);
        Assert.Contains("  [could not check] providerconfig-service-type: providerconfigs.dataservices.anynines.com\n", unreadable.Stdout);
    }

    [Fact]
    public async Task A_control_plane_on_crossplane_older_than_v1_20_is_warned_and_proceeds()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        var run = await Klutch.RunAsync(server, "upgrade", "provider-anynines", "v1.5.0", "--yes");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("  [warning] crossplane-version: deployment/crossplane-system/crossplane\n     v1.5.0 was built on Crossplane v1.20 (and needs a9s Data Services v68 or newer); this cluster runs Crossplane v1.17.1\n", run.Stdout);
    }

    [Fact]
    public async Task A_lone_konnector_in_kube_bind_is_upgraded_across_v1_3_0_with_a_warning()
    {
        await using var server = await Klutch.StartAsync(Scenarios.LegacyAppCluster);
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("  [warning] konnector-namespace: deployment/kube-bind/konnector\n", run.Stdout);
        Assert.Contains("     fix: after the next binding, delete the old one: 'kubectl delete -n kube-bind deployment konnector'\n", run.Stdout);
    }

    [Fact]
    public async Task An_unknown_check_id_is_refused_before_anything_is_read()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        var run = await Klutch.RunAsync(server, "upgrade", "dataservices", "v1.3.1", "--yes", "--ignore-check", "no-such-check");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --ignore-check no-such-check: no such check; the checks are function-patch-and-transform, crossplane-version, providerconfig-service-type, konnector-namespace\n", run.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Versions_marks_the_releases_a_blocking_check_would_stop()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        UnsetServiceType(server, "postgresql-service-broker");
        var run = await Klutch.RunAsync(server, "versions", "provider-anynines");
        Assert.Contains("provider-anynines v1.5.0: blocked on this cluster by providerconfig-service-type; see 'kubectl klutch upgrade provider-anynines v1.5.0 --dry-run=client'\n", run.Stdout);
        Assert.DoesNotContain("provider-anynines v1.4.0: blocked", run.Stdout);
    }
}
