using KubectlKlutch.Output;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>What `upgrade` refuses, asks, and does in a dry run: never a write it was not allowed to make.</summary>
public class UpgradeRefusalTests
{
    private static async Task<(CliRun Run, TestApiServer Server)> Upgrade(string scenario, params string[] args)
    {
        var server = await Klutch.StartAsync(scenario);
        var run = await Klutch.RunAsync(server, ["upgrade", .. args]);
        return (run, server);
    }

    public static TheoryData<string, string[], string> Refusals => new()
    {
        { Scenarios.AppCluster, ["konnector", "1.3.1", "--yes"], "error: \"1.3.1\" is not a release version: give a v-prefixed semantic version such as v1.3.0\n" },
        { Scenarios.AppCluster, ["konnector", "v1.3.1;rm", "--yes"], "error: \"v1.3.1;rm\" cannot be an image tag (letters, digits, '.', '_' and '-' only, at most 128): give a release such as v1.3.0\n" },
        { Scenarios.AppCluster, ["dataservices", "v1.3.1", "--yes"], "error: dataservices is not in context \"klutch-test\", which is an app cluster: run the upgrade against the context of the control plane\n" },
        { Scenarios.ControlPlane, ["konnector", "v1.3.1", "--yes"], "error: konnector is not in context \"klutch-test\", which is a control plane: run the upgrade against the context of an app cluster\n" },
        { Scenarios.Empty, ["konnector", "v1.3.1", "--yes"], "error: konnector is not in context \"klutch-test\", which has no Klutch component: run the upgrade against the context of an app cluster\n" },
        { Scenarios.AppCluster, ["konnector", "v1.2.0", "--yes"], "error: v1.2.0 is older than the installed v1.3.0 of konnector: pass --allow-downgrade to go back on purpose, or use 'kubectl klutch rollback konnector'\n" },
        { Scenarios.TwoKonnectors, ["konnector", "v1.3.1", "--yes"], "error: 2 konnector objects run in context \"klutch-test\" (klutch-bind/konnector, kube-bind/konnector): pick one with -n; the change log removes the old one with 'kubectl delete -n kube-bind deployment konnector'\n" },
        { Scenarios.AppCluster, ["konnector", "v1.3.1", "-n", "kube-bind", "--yes"], "error: no konnector in namespace kube-bind of context \"klutch-test\" (-n looks there only): leave out -n to look in every namespace\n" },
        { Scenarios.AppCluster, ["function-patch-and-transform", "v0.9.2", "--yes"], "error: function-patch-and-transform is not upgraded by the plugin: the Klutch release you upgrade to pins the version it needs\n" },
        { Scenarios.AppCluster, ["konnector", "v1.3.1", "--dry-run=maybe"], "error: --dry-run=maybe is not a dry-run mode: use client or server\n" },
        { Scenarios.AppCluster, ["konnector", "v1.3.1", "--timeout", "soon", "--yes"], "error: --timeout soon is not a duration: use a value such as 30s, 5m or 1h (0 for no limit)\n" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refuses_with_exit_2_one_sentence_and_no_write(string scenario, string[] args, string message)
    {
        var (run, server) = await Upgrade(scenario, args);
        await using var _ = server;
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Stderr);
        Assert.Equal(0, server.Writes);
    }

    [Fact]
    public async Task The_same_version_is_a_no_op_with_exit_0()
    {
        var (run, server) = await Upgrade(Scenarios.AppCluster, "konnector", "v1.3.0", "--yes");
        await using var _ = server;
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("konnector already runs public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0 in context klutch-test: nothing to do\n", run.Stdout);
        Assert.Equal(0, server.Writes);
    }

    [Fact]
    public async Task A_downgrade_on_purpose_is_allowed()
    {
        var (run, server) = await Upgrade(Scenarios.AppCluster, "konnector", "v1.2.0", "--allow-downgrade", "--yes");
        await using var _ = server;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("konnector now runs public.ecr.aws/w5n9a2g2/klutch/konnector:v1.2.0", run.Stdout);
    }

    [Fact]
    public async Task An_image_pinned_by_digest_is_changed_only_with_force()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        const string pinned = "public.ecr.aws/w5n9a2g2/klutch/konnector@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        var deployment = server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!;
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = pinned;
        server.State.Put(deployment);
        await Task.Delay(300);
        var writes = server.Writes;

        var refused = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"error: konnector is pinned by digest ({pinned}): pass --force to replace the pin with the tag v1.3.1\n", refused.Stderr);
        Assert.Equal(writes, server.Writes);

        var forced = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes", "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
    }

    [Fact]
    public async Task Without_a_terminal_and_without_yes_it_refuses()
    {
        var (run, server) = await Upgrade(Scenarios.AppCluster, "konnector", "v1.3.1");
        await using var _ = server;
        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith("error: refusing to change context \"klutch-test\" without confirmation: there is no terminal to ask on; pass --yes\n", run.Stderr);
        Assert.Equal(0, server.Writes);
    }

    [Fact]
    public async Task On_a_terminal_it_shows_where_and_the_plan_and_asks()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var declined = await Klutch.RunAsync([.. Args(server), "konnector", "v1.3.1"], new Terminal(true, false), "n\n");
        Assert.Equal(1, declined.ExitCode);
        Assert.Equal(0, server.Writes);
        Assert.StartsWith($$$$$"""
            Context:  klutch-test
            Server:   {{{{{server.BaseAddress.ToString().TrimEnd('/')}}}}}
            User:     klutch-tester

            Plan:
              1. konnector: Deployment klutch-bind/konnector
                 spec.template.spec.containers[name=konnector].image
                 public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0
                   -> public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1
                 patch (application/strategic-merge-patch+json): {"metadata":{"annotations":{"klutch.anynines.com/rollback-to":"public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0"}},"spec":{"template":{"spec":{"containers":[{"name":"konnector","image":"public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1"}]}}}}
            """.ReplaceLineEndings("\n"), declined.Stdout);
        Assert.Equal($"Apply this plan to context \"klutch-test\" ({server.BaseAddress.ToString().TrimEnd('/')})? [y/N]: Cancelled: nothing was changed.\n", declined.Stderr);

        var accepted = await Klutch.RunAsync([.. Args(server), "konnector", "v1.3.1"], new Terminal(true, false), "y\n");
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.Contains("konnector now runs public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1: rolled out: 2/2 replicas available; no APIServiceBindings on this cluster (a fresh install): no heartbeat to wait for\n", accepted.Stdout);
        Assert.Contains("\r\u001b[K", accepted.Stderr); // live progress rewrites its line on a terminal
    }

    [Fact]
    public async Task A_client_dry_run_prints_the_plan_and_sends_nothing_that_writes()
    {
        var (run, server) = await Upgrade(Scenarios.ControlPlane, "control-plane", "v1.3.1", "--dry-run=client");
        await using var _ = server;
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("  1. provider-anynines: Provider provider/provider-anynines\n", run.Stdout);
        Assert.Contains("  2. dataservices: Configuration configuration/anynines-dataservices\n", run.Stdout);
        Assert.Contains("  3. backend: Deployment bind/anynines-backend\n", run.Stdout);
        Assert.EndsWith("Dry run (client): nothing was sent to the cluster.\n", run.Stdout);
        Assert.DoesNotContain(server.Requests, r => r.Method is "PATCH" or "PUT" or "DELETE");
    }

    [Fact]
    public async Task A_server_dry_run_sends_the_real_patch_with_dryRun_and_changes_nothing()
    {
        var (run, server) = await Upgrade(Scenarios.AppCluster, "konnector", "v1.3.1", "--dry-run=server");
        await using var _ = server;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("konnector: dry run (server): the server would store public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1; nothing was changed\n", run.Stdout);
        Assert.Single(server.Requests, r => r.Verb == "patch" && r.DryRun);
        Assert.Equal(0, server.Writes);
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0",
            (string)server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!);
    }

    [Fact]
    public async Task Rbac_denial_of_the_patch_is_found_before_asking_and_nothing_changes()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Rbac.Deny("patch", "deployments", "apps");
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: user \"klutch-tester\" may not patch deployments.apps klutch-bind/konnector in context \"klutch-test\"", run.Stderr);
        Assert.EndsWith(": ask your cluster administrator for this permission; nothing was changed\n", run.Stderr);
        Assert.Equal(0, server.Writes);
    }

    [Fact]
    public async Task Crossplane_is_never_patched_the_helm_command_is_given()
    {
        var (run, server) = await Upgrade(Scenarios.ControlPlane, "crossplane", "v1.20.0", "--yes");
        await using var _ = server;
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: crossplane is upgraded by its own method, not by the plugin: it is Helm release crossplane in crossplane-system, so run 'helm repo update && helm upgrade crossplane crossplane-stable/crossplane --namespace crossplane-system --version 1.20.0 --reuse-values', then check with 'kubectl klutch status'\n", run.Stderr);
        Assert.Equal(0, server.Writes);
    }

    [Fact]
    public async Task Crossing_v1_3_0_from_the_old_image_path_writes_the_new_path_and_says_so()
    {
        var (run, server) = await Upgrade(Scenarios.LegacyAppCluster, "konnector", "v1.3.1", "--dry-run=client");
        await using var _ = server;
        Assert.Contains("       -> public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1\n", run.Stdout);
        Assert.Contains("     note: moves from public.ecr.aws/w5n9a2g2/anynines/konnector to public.ecr.aws/w5n9a2g2/klutch/konnector: the old path has no tags from v1.3.0 on\n", run.Stdout);
    }

    [Fact]
    public async Task Registry_moves_only_on_purpose()
    {
        var (run, server) = await Upgrade(Scenarios.AppCluster, "konnector", "v1.3.1", "--registry", "mirror.example:5000/klutch", "--dry-run=client", "--skip-registry-check");
        await using var _ = server;
        Assert.Contains("       -> mirror.example:5000/klutch/konnector:v1.3.1\n", run.Stdout);
        Assert.Contains("     note: moves from public.ecr.aws/w5n9a2g2/klutch/konnector to mirror.example:5000/klutch/konnector (--registry)\n", run.Stdout);
    }

    private static string[] Args(TestApiServer server) => ["upgrade", "--kubeconfig", server.KubeconfigPath];
}
