using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>Every verb, run from the published native binary, as an operator runs it.</summary>
public class BinaryTests
{
    [Fact]
    public async Task Help_of_the_plugin_reads_kubectl_klutch()
    {
        var run = await PublishedBinary.RunAsync(["--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("kubectl klutch v", run.Stdout);
        Assert.DoesNotContain("kubectl-klutch", run.Stdout);
    }

    [Theory]
    [InlineData("status", "--help")]
    [InlineData("upgrade", "--help")]
    [InlineData("rollback", "--help")]
    [InlineData("version", "--help")]
    [InlineData("versions", "--help")]
    [InlineData("completion", "--help")]
    public async Task Help_of_every_verb_reads_kubectl_klutch(params string[] args)
    {
        var run = await PublishedBinary.RunAsync(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"\nUsage:\n  kubectl klutch {args[0]} ", run.Stdout);
    }

    [Fact]
    public async Task Version_prints_the_plugins_and_the_servers_version()
    {
        await using var server = await Klutch.StartAsync(Scenarios.Empty);
        var run = await PublishedBinary.RunAsync(["version", "--kubeconfig", server.KubeconfigPath]);
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^kubectl-klutch v\d+\.\d+\.\d+\nKubernetes server v1\.\d+\.\d+", run.Stdout);
    }

    [Fact]
    public async Task Version_without_a_cluster_still_prints_the_plugins_version()
    {
        var run = await PublishedBinary.RunAsync(["version", "--kubeconfig", "/nonexistent/kubeconfig"]);
        Assert.Equal(1, run.ExitCode); // as kubectl version without a server
        Assert.Matches(@"^kubectl-klutch v\d+\.\d+\.\d+\n$", run.Stdout);
        Assert.Equal("error: no Kubernetes server version: the kubeconfig file /nonexistent/kubeconfig given with --kubeconfig does not exist: check the path\n", run.Stderr);
    }

    [Fact]
    public async Task Status_runs_in_the_native_binary()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        var run = await PublishedBinary.RunAsync(["status", "--kubeconfig", server.KubeconfigPath, "-o", "json"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(6, JsonNode.Parse(run.Stdout)!["components"]!.AsArray().Count);
    }

    [Fact]
    public async Task Upgrade_and_rollback_run_in_the_native_binary()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var up = await PublishedBinary.RunAsync(["upgrade", "konnector", "v1.3.1", "--yes", "--kubeconfig", server.KubeconfigPath]);
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains("konnector now runs public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1", up.Stdout);
        var back = await PublishedBinary.RunAsync(["rollback", "konnector", "--yes", "--kubeconfig", server.KubeconfigPath]);
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Contains("konnector now runs public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", back.Stdout);
    }

    [Fact]
    public async Task Fleet_status_and_a_fleet_upgrade_run_in_the_native_binary()
    {
        await using var app = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var controlPlane = await Klutch.StartAsync(Scenarios.ControlPlane);
        using var kubeconfig = FleetKubeconfig.Write(app.As("app-1"), controlPlane.As("cp-1"));
        using var settings = new Fleet.FleetSettings("""{"Fleets": {"all": ["*"]}}""");

        var status = await PublishedBinary.RunAsync(["status", "--fleet", "all", "--max-parallel", "2", "--kubeconfig", kubeconfig.Path, "-o", "json"],
            new Dictionary<string, string?>(await settings.EnvironmentAsync()));
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(2, (int)JsonNode.Parse(status.Stdout)!["summary"]!["current"]!);

        var upgrade = await PublishedBinary.RunAsync(["upgrade", "konnector", "v1.3.1", "--contexts", "app-*,cp-1", "--yes", "--continue-on-error", "--kubeconfig", kubeconfig.Path]);
        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.EndsWith("2 clusters: 1 without the component, 1 upgraded\n", upgrade.Stdout);
    }

    [Fact]
    public async Task Versions_runs_in_the_native_binary()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await PublishedBinary.RunAsync(["versions", "--kubeconfig", server.KubeconfigPath, "-o", "json"]);
        Assert.Equal(4, run.ExitCode); // v1.3.1 is newer than the installed v1.3.0
        var konnector = JsonNode.Parse(run.Stdout)!["components"]![0]!;
        Assert.Equal("v1.3.0", (string)konnector["installed"]!);
        Assert.Equal("v1.3.1", (string)konnector["latest"]!);
    }

    [Fact]
    public async Task Bad_usage_is_one_sentence_and_exit_2()
    {
        var run = await PublishedBinary.RunAsync(["upgrade", "konector", "v1.3.1"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: unknown component \"konector\": choose one of konnector, crossplane, provider-anynines, dataservices, backend, provider-kubernetes, function-patch-and-transform, or control-plane\n", run.Stderr);
    }

    [Fact]
    public async Task KUBECONFIG_files_are_merged_as_kubectl_merges_them()
    {
        await using var app = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var plane = await Klutch.StartAsync(Scenarios.ControlPlane);
        // Two files that both call their context klutch-test: rename the second one's entries.
        var second = Path.Combine(Path.GetDirectoryName(plane.KubeconfigPath)!, "renamed");
        File.WriteAllText(second, File.ReadAllText(plane.KubeconfigPath).Replace("klutch-test", "plane").Replace("klutch-tester", "plane-user"));
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = $"{app.KubeconfigPath}:/nonexistent:{second}" };

        var first = await PublishedBinary.RunAsync(["status", "-o", "json"], env);
        Assert.Equal(["app-cluster"], JsonNode.Parse(first.Stdout)!["roles"]!.AsArray().Select(r => (string)r!));
        var other = await PublishedBinary.RunAsync(["status", "-o", "json", "--context", "plane"], env);
        Assert.Equal(["control-plane"], JsonNode.Parse(other.Stdout)!["roles"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_exec_credential_plugin_supplies_the_token()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var dir = Path.GetDirectoryName(server.KubeconfigPath)!;
        var plugin = Path.Combine(dir, "login");
        var credential = $$$"""{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"{{{server.Token}}}"}}""";
        File.WriteAllText(plugin, $"#!/bin/sh\necho '{credential}'\n");
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var kubeconfig = Path.Combine(dir, "exec");
        File.WriteAllText(kubeconfig, File.ReadAllText(server.KubeconfigPath).Replace($"token: {server.Token}",
            $"exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {plugin}"));
        Assert.DoesNotContain(server.Token, File.ReadAllText(kubeconfig));

        var run = await PublishedBinary.RunAsync(["status", "--kubeconfig", kubeconfig]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(server.Token, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Runs_on_a_host_without_libicu()
    {
        // Real files only, not following links (library trees hold symlinked directories, even
        // cycles); every libicu*.so link resolves to one of them.
        var search = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2, AttributesToSkip = FileAttributes.ReparsePoint };
        var icu = new[] { "/usr/lib", "/lib", "/usr/local/lib" }.Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "libicu*.so*", search)).Distinct().ToArray();
        Assert.NotEmpty(icu); // otherwise this machine already proves it
        // In a private mount namespace, every libicu is replaced by an empty file.
        var hide = string.Join(" && ", icu.Select(f => $"mount --bind /dev/null '{f}'"));
        var binary = await PublishedBinary.PathAsync();
        var run = await PublishedBinary.RunAsync("unshare", ["-m", "--propagation", "private", "sh", "-c", $"{hide} && exec '{binary}' version --client"], null, TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"^kubectl-klutch v\d+\.\d+\.\d+\n$", run.Stdout);
    }
}
