using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>Going back: never flipping to the version that just failed, and a failed control plane put back step by step.</summary>
public class RollbackTests
{
    private const string Konnector = "public.ecr.aws/w5n9a2g2/klutch/konnector";
    private const string Klutch130 = "public.ecr.aws/w5n9a2g2/klutch/";

    private static string Image(TestApiServer server) =>
        (string)server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!;

    /// <summary>The plugin in process here; from the published binary in <see cref="RollbackBinaryTests"/>.</summary>
    protected virtual Task<CliRun> Run(TestApiServer server, params string[] args) => Klutch.RunAsync(server, args);

    private static string Package(TestApiServer server, string kind, string name) =>
        (string)server.State.Get("pkg.crossplane.io/v1", kind, null, name)!["spec"]!["package"]!;

    [Fact]
    public async Task A_second_rollback_does_not_redeploy_the_version_that_failed()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Images.MarkCrashing($"{Konnector}:v1.3.1");
        Assert.Equal(1, (await Run(server, "upgrade", "konnector", "v1.3.1", "--yes")).ExitCode);
        var back = await Run(server, "rollback", "konnector", "--yes");
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Equal($"{Konnector}:v1.3.0", Image(server));
        var writes = server.Writes;

        var again = await Run(server, "rollback", "konnector", "--yes");

        Assert.Equal(2, again.ExitCode);
        Assert.Equal($"error: konnector in klutch-bind/konnector was already rolled back (from {Konnector}:v1.3.1), and no earlier version is recorded; to go back without it, use 'kubectl klutch upgrade konnector VERSION --allow-downgrade'\n", again.Stderr);
        Assert.Equal($"{Konnector}:v1.3.0", Image(server));
        Assert.Equal(writes, server.Writes);
    }

    [Fact]
    public async Task After_a_rollback_on_failure_there_is_nothing_left_to_roll_back_to()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Images.MarkMissing($"{Konnector}:v1.3.1");
        Assert.Equal(1, (await Run(server, "upgrade", "konnector", "v1.3.1", "--yes", "--rollback-on-failure")).ExitCode);
        Assert.Equal($"{Konnector}:v1.3.0", Image(server));

        var again = await Run(server, "rollback", "konnector", "--yes");

        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith($"error: konnector in klutch-bind/konnector was already rolled back (from {Konnector}:v1.3.1)", again.Stderr);
        Assert.Equal($"{Konnector}:v1.3.0", Image(server));
    }

    [Fact]
    public async Task A_failed_control_plane_upgrade_is_put_back_step_by_step_in_reverse_order()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        server.Images.MarkPackageMissing(Klutch130 + "dataservices:v1.3.1");

        var run = await Run(server, "upgrade", "control-plane", "v1.3.1", "--yes", "--rollback-on-failure");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["providers", "configurations", "configurations", "providers"],
            server.Requests.Where(r => r.Verb == "patch" && r.StatusCode == 200).Select(r => r.Resource));
        Assert.Contains($"dataservices failed and was rolled back: requests {Klutch130}dataservices:v1.3.1 but still runs", run.Stdout);
        Assert.Contains($"provider-anynines was rolled back: rolled back to {Klutch130}provider-anynines:v1.3.0 after dataservices failed\n", run.Stdout);
        Assert.Contains("backend: not started: an earlier step did not finish\n", run.Stdout);
        Assert.DoesNotContain("to go back:", run.Stdout);
        Assert.Equal(Klutch130 + "provider-anynines:v1.3.0", Package(server, "Provider", "provider-anynines"));
        Assert.Equal(Klutch130 + "dataservices:v1.3.0", Package(server, "Configuration", "anynines-dataservices"));
    }

    [Fact]
    public async Task Without_rollback_on_failure_the_hint_names_every_step_this_run_changed()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        server.Images.MarkPackageMissing(Klutch130 + "dataservices:v1.3.1");

        var run = await Run(server, "upgrade", "control-plane", "v1.3.1", "--yes");

        Assert.Equal(1, run.ExitCode);
        var hints = run.Stdout.Split('\n').Where(l => l.StartsWith("  to go back: ")).ToList();
        Assert.Equal(
            [
                $"  to go back: kubectl klutch rollback provider-anynines --kubeconfig {server.KubeconfigPath} --context klutch-test",
                $"  to go back: kubectl klutch rollback dataservices --kubeconfig {server.KubeconfigPath} --context klutch-test",
            ], hints);
    }

    [Fact]
    public async Task A_rollback_does_not_print_the_upgrades_next_steps_nor_tell_to_run_the_upgrade()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        var up = await Run(server, "upgrade", "dataservices", "v1.3.1", "--yes");
        Assert.Contains("Next: dataservices:", up.Stdout);

        var back = await Run(server, "rollback", "dataservices", "--yes");
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.DoesNotContain("Next:", back.Stdout);
        Assert.Equal(Klutch130 + "dataservices:v1.3.0", Package(server, "Configuration", "anynines-dataservices"));

        var elsewhere = await Run(server, "rollback", "konnector", "--yes");
        Assert.Equal(2, elsewhere.ExitCode);
        Assert.EndsWith("run the rollback against the context of an app cluster\n", elsewhere.Stderr);
    }
}

/// <summary>The same rollbacks, run from the published native binary, as an operator runs them.</summary>
public sealed class RollbackBinaryTests : RollbackTests
{
    protected override Task<CliRun> Run(TestApiServer server, params string[] args) =>
        PublishedBinary.RunAsync([.. args, "--kubeconfig", server.KubeconfigPath]);
}
