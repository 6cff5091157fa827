using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;
using KubectlKlutch.Tests.Integration.Fleet;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// The command line as a kubectl user types it, from the published native binary: pflag-style
/// bools, global flags before the verb, help, extra arguments, odd flag values, exit codes.
/// </summary>
public class CommandLineTests
{
    private static void OneSentence(CliRun run, string? sentence = null)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Matches(@"^error: [^\n]+\n$", run.Stderr);
        if (sentence is not null) Assert.Equal($"error: {sentence}\n", run.Stderr);
    }

    private static async Task<string> KonnectorVersion(TestApiServer server)
    {
        var status = await PublishedBinary.RunAsync(["status", "-o", "json", "--kubeconfig", server.KubeconfigPath]);
        return (string)JsonNode.Parse(status.Stdout)!["components"]!.AsArray().Single(c => (string)c!["name"]! == "konnector")!["version"]!;
    }

    [Fact]
    public async Task Yes_false_asks_and_without_a_terminal_refuses()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await PublishedBinary.RunAsync(["upgrade", "konnector", "v1.3.1", "--yes=false", "--kubeconfig", server.KubeconfigPath]);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.EndsWith("error: refusing to change context \"klutch-test\" without confirmation: there is no terminal to ask on; pass --yes\n", run.Stderr);
        Assert.Equal("v1.3.0", await KonnectorVersion(server));
    }

    [Fact]
    public async Task Allow_downgrade_false_and_skip_registry_check_false_keep_their_checks()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var downgrade = await PublishedBinary.RunAsync(["upgrade", "konnector", "v1.0.0", "--allow-downgrade=false", "--yes", "--kubeconfig", server.KubeconfigPath]);
        OneSentence(downgrade);
        Assert.Contains("downgrade", downgrade.Stderr);
        var missing = await PublishedBinary.RunAsync(["upgrade", "konnector", "v1.9.9", "--skip-registry-check=false", "--yes", "--kubeconfig", server.KubeconfigPath]);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("has no tag v1.9.9", missing.Stderr);
        Assert.Equal("v1.3.0", await KonnectorVersion(server));
    }

    [Fact]
    public async Task All_contexts_false_and_client_false_are_off()
    {
        await using var app = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var plane = await Klutch.StartAsync(Scenarios.ControlPlane);
        using var kubeconfig = FleetKubeconfig.Write(app.As("app-1"), plane.As("cp-1"));
        var status = await PublishedBinary.RunAsync(["status", "--all-contexts=false", "--context", "cp-1", "-o", "json", "--kubeconfig", kubeconfig.Path]);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("cp-1", (string)JsonNode.Parse(status.Stdout)!["context"]!);

        var version = await PublishedBinary.RunAsync(["version", "--client=false", "--kubeconfig", app.KubeconfigPath]);
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Contains("Kubernetes server v1.", version.Stdout);
    }

    [Theory]
    [InlineData("https://mirror.example/x")]
    [InlineData("a b")]
    [InlineData("/leading")]
    [InlineData("host:port:bad/x")]
    public async Task A_registry_that_is_not_a_host_and_path_is_refused_in_one_sentence(string registry)
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await PublishedBinary.RunAsync(["upgrade", "konnector", "v1.3.1", "--yes", "--registry", registry, "--kubeconfig", server.KubeconfigPath]);
        OneSentence(run);
        Assert.Contains("give it as mirror.example:5000/klutch", run.Stderr);
        Assert.Equal("v1.3.0", await KonnectorVersion(server));
    }

    [Theory]
    [InlineData("1200h")]
    [InlineData("0")]
    public async Task A_long_request_timeout_or_none_is_a_timeout(string timeout)
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await PublishedBinary.RunAsync(["status", "--request-timeout", timeout, "--kubeconfig", server.KubeconfigPath]);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Extra_arguments_are_refused_with_the_usage_line()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var extra = await PublishedBinary.RunAsync(["upgrade", "konnector", "v1.3.1", "extra", "--yes", "--kubeconfig", server.KubeconfigPath]);
        OneSentence(extra, "unexpected argument \"extra\": usage: kubectl klutch upgrade COMPONENT VERSION [flags]");
        OneSentence(await PublishedBinary.RunAsync(["versions", "konnector", "backend", "--kubeconfig", server.KubeconfigPath]),
            "unexpected argument \"backend\": usage: kubectl klutch versions [COMPONENT] [flags]");
        OneSentence(await PublishedBinary.RunAsync(["rollback", "konnector", "-y", "--wait", "false", "--kubeconfig", server.KubeconfigPath]),
            "unexpected argument \"false\" (to give --wait a value, write --wait=false): usage: kubectl klutch rollback COMPONENT [flags]");
        Assert.Equal("v1.3.0", await KonnectorVersion(server));
    }

    [Theory]
    [InlineData("help", "status")]
    [InlineData("status", "-h")]
    [InlineData("status", "--help")]
    public async Task Help_of_a_verb_has_its_description_examples_and_flags(params string[] args)
    {
        var run = await PublishedBinary.RunAsync(args);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("Show every Klutch component in the cluster: version, health, rollout state.\n\nExamples:\n", run.Stdout);
        Assert.Contains("  kubectl klutch status --output json\n", run.Stdout);
        Assert.Contains("\nFlags:\n", run.Stdout);
        Assert.Contains("    --all-contexts ", run.Stdout);
        Assert.EndsWith("Usage:\n  kubectl klutch status [flags]\n", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task The_plugin_alone_prints_its_help_on_stdout()
    {
        var run = await PublishedBinary.RunAsync([]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("kubectl klutch v", run.Stdout);
        Assert.Contains("\n  rollback ", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Upgrade_and_rollback_name_the_missing_argument()
    {
        OneSentence(await PublishedBinary.RunAsync(["upgrade"]), "missing COMPONENT and VERSION: usage: kubectl klutch upgrade COMPONENT VERSION [flags]");
        OneSentence(await PublishedBinary.RunAsync(["rollback"]), "missing COMPONENT: usage: kubectl klutch rollback COMPONENT [flags]");
    }

    [Fact]
    public async Task Global_flags_work_before_the_verb()
    {
        await using var app = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var plane = await Klutch.StartAsync(Scenarios.ControlPlane);
        using var kubeconfig = FleetKubeconfig.Write(app.As("app-1"), plane.As("cp-1"));
        var run = await PublishedBinary.RunAsync(["--kubeconfig", kubeconfig.Path, "--context", "cp-1", "status", "-o", "json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("cp-1", (string)JsonNode.Parse(run.Stdout)!["context"]!);
    }

    [Fact]
    public async Task A_bare_output_flag_is_refused()
    {
        OneSentence(await PublishedBinary.RunAsync(["status", "-o"]), "flag needs an argument: -o: see 'kubectl klutch status --help'");
    }

    [Fact]
    public async Task Version_exits_1_without_a_server_and_still_prints_the_client()
    {
        var run = await PublishedBinary.RunAsync(["version", "--kubeconfig", "/nonexistent/kubeconfig"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"^kubectl-klutch v\d+\.\d+\.\d+\n$", run.Stdout);
        Assert.Equal("error: no Kubernetes server version: the kubeconfig file /nonexistent/kubeconfig given with --kubeconfig does not exist: check the path\n", run.Stderr);
    }

    [Fact]
    public async Task Versions_exits_1_when_a_registry_cannot_be_read_and_says_so_in_lower_case()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var host = $"127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}";
        closed.Stop(); // nothing listens there any more
        var run = await PublishedBinary.RunAsync(["versions", "--kubeconfig", server.KubeconfigPath], new Dictionary<string, string?>(TestRegistry.Mirrored(host)));
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("Warning: konnector: cannot reach registry 127.0.0.1:", run.Stderr);
    }

    [Fact]
    public async Task Yaml_and_json_errors_name_the_line_an_editor_shows()
    {
        var dir = Directory.CreateTempSubdirectory("klutch-lines-").FullName;
        try
        {
            var kubeconfig = Path.Combine(dir, "config");
            await File.WriteAllTextAsync(kubeconfig, "clusters: [a, b\n");
            var yaml = await PublishedBinary.RunAsync(["status", "--kubeconfig", kubeconfig]);
            OneSentence(yaml, $"the kubeconfig {kubeconfig} is not a valid kubeconfig at line 1: fix or regenerate it");

            var settings = Path.Combine(dir, "klutch.json");
            await File.WriteAllTextAsync(settings, "x\n");
            var json = await PublishedBinary.RunAsync(["versions", "--all-components"], new Dictionary<string, string?> { ["KLUTCH_CONFIG"] = settings });
            OneSentence(json);
            Assert.Contains("at line 1, column 1", json.Stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Ctrl_C_exits_130()
    {
        // A server that accepts and never answers, and no request timeout: the plugin waits until interrupted.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var dir = Directory.CreateTempSubdirectory("klutch-sigint-").FullName;
        var kubeconfig = Path.Combine(dir, "config");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            current-context: silent
            contexts:
            - name: silent
              context: {"{"}cluster: silent, user: silent{"}"}
            clusters:
            - name: silent
              cluster: {"{"}server: "http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"{"}"}
            users:
            - name: silent
              user: {"{"}token: t{"}"}
            """);
        var start = new ProcessStartInfo(await PublishedBinary.PathAsync()) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "status", "--request-timeout", "0", "--kubeconfig", kubeconfig }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var accepted = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromMinutes(1));
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(130, process.ExitCode);
            Assert.Equal("error: interrupted\n", await stderr);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Completion_offers_what_each_place_takes()
    {
        using var settings = new FleetSettings("""{"Fleets": {"apps": ["app-*"], "edge": ["edge-*"]}}""");
        var env = new Dictionary<string, string?>(await settings.EnvironmentAsync());
        var releases = await PublishedBinary.RunAsync(["__complete", "upgrade", "provider-kubernetes", ""], env);
        Assert.StartsWith("latest\nv0.16.0\n", releases.Stdout);
        Assert.DoesNotContain("v1.3.1", releases.Stdout);
        Assert.Equal("apps\nedge\n:4\n", (await PublishedBinary.RunAsync(["__complete", "status", "--fleet", ""], env)).Stdout);
        var rollback = (await PublishedBinary.RunAsync(["__complete", "rollback", ""], env)).Stdout;
        Assert.DoesNotContain("crossplane", rollback);
        Assert.DoesNotContain("function-patch-and-transform", rollback);
        Assert.Contains("kube-bind\n", (await PublishedBinary.RunAsync(["__complete", "status", "-n", ""], env)).Stdout);

        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        Assert.Equal("klutch-test\n:4\n", (await PublishedBinary.RunAsync(["__complete", "status", "--kubeconfig", server.KubeconfigPath, "--context=k"], env)).Stdout);
    }
}
