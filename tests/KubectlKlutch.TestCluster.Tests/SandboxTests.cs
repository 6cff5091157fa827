using System.Diagnostics;

namespace KubectlKlutch.TestCluster.Tests;

/// <summary>The `dotnet run --project tests/KubectlKlutch.TestCluster -- SCENARIO` sandbox, run from its built assembly.</summary>
public sealed class SandboxTests
{
    private static ProcessStartInfo Sandbox(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KubectlKlutch.TestCluster.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return psi;
    }

    [FakeOnlyFact("runs the in-process server's sandbox executable")]
    public async Task List_prints_every_scenario()
    {
        using var process = Process.Start(Sandbox("--list"))!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(string.Join('\n', Scenarios.All) + "\n", output);
    }

    [FakeOnlyFact("runs the in-process server's sandbox executable")]
    public async Task Unknown_scenario_is_refused_with_the_known_names()
    {
        using var process = Process.Start(Sandbox("nope"))!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("unknown scenario \"nope\"; known: app-cluster, legacy-app-cluster", error);
    }

    [FakeOnlyFact("runs the in-process server's sandbox executable")]
    public async Task Unknown_option_is_refused_with_the_usage()
    {
        using var process = Process.Start(Sandbox(Scenarios.AppCluster, "--bogus", "x"))!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("unknown option --bogus\nusage: KubectlKlutch.TestCluster SCENARIO [--missing-image REF]", error);
    }

    /// <summary>Runs the sandbox to its end with captured output; variables set to null are removed.</summary>
    private static async Task<KubectlResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var psi = Sandbox(args);
        foreach (var (name, value) in environment)
        {
            if (value == null)
            {
                psi.Environment.Remove(name);
            }
            else
            {
                psi.Environment[name] = value;
            }
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>KUBECONFIG, KLUTCH_CONFIG and KUBECACHEDIR of the sandbox's one export line.</summary>
    private static (string Kubeconfig, string Settings, string KubeCache) Exported(string exportLine)
    {
        var match = System.Text.RegularExpressions.Regex.Match(exportLine, "^export KUBECONFIG='([^']+)' KLUTCH_CONFIG='([^']+)' KUBECACHEDIR='([^']+)'$");
        Assert.True(match.Success, exportLine);
        return (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
    }

    /// <summary>A plain kill (SIGTERM), as a script stops it; then its exit code.</summary>
    private static async Task<int> TerminateAsync(Process process)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(limit.Token);
        return process.ExitCode;
    }

    [Fact]
    public async Task Command_mode_runs_kubectl_klutch_in_process_against_the_sandbox_and_exits_with_its_code()
    {
        // No KUBECONFIG of the caller's, and a settings variable that would break the plugin if it leaked through.
        var environment = new Dictionary<string, string?> { ["KUBECONFIG"] = null, ["KLUTCH_REGISTRY__TIMEOUT"] = "soon" };

        var healthy = await RunAsync(environment, Scenarios.AppCluster, "--", "kubectl", "klutch", "status");
        var none = await RunAsync(environment, Scenarios.Empty, "--", "kubectl", "klutch", "status");
        var versions = await RunAsync(environment, Scenarios.AppCluster, "--", "kubectl", "klutch", "versions");

        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.StartsWith("Context klutch-test (https://127.0.0.1:", healthy.Stdout);
        Assert.Matches(@"\nkonnector +klutch-bind/konnector +v1\.3\.0 +Healthy ", healthy.Stdout);
        Assert.True(none.ExitCode == 3, none.ToString());
        // versions reads the sandbox's own registry on loopback: one release past the scenario's.
        Assert.True(versions.ExitCode == 4, versions.ToString());
        Assert.Matches(@"\nkonnector +v1\.3\.0 +v1\.3\.1 +v1\.3\.1 +1 release +v1\.3\.1 v1\.3\.0 v1\.2\.1 v1\.2\.0\n", versions.Stdout);
    }

    [Fact]
    public async Task Command_mode_runs_another_command_as_a_child_with_the_sandbox_kubeconfig_and_its_exit_code()
    {
        var home = Directory.CreateTempSubdirectory("klutch-sandbox-home-").FullName;
        try
        {
            var environment = new Dictionary<string, string?> { ["HOME"] = home, ["KUBECONFIG"] = Path.Combine(home, "no-such-kubeconfig") };

            var get = await RunAsync(environment, Scenarios.ControlPlane, "--", "kubectl", "get", "deploy", "-A", "-o", "name");
            var wrong = await RunAsync(environment, Scenarios.ControlPlane, "--", "kubectl", "get", "nosuchkinds");
            var missing = await RunAsync(environment, Scenarios.ControlPlane, "--", "no-such-command-klutch", "x");

            Assert.True(get.ExitCode == 0, get.ToString());
            Assert.Equal("deployment.apps/anynines-backend\ndeployment.apps/crossplane\n", get.Stdout);
            Assert.Equal(1, wrong.ExitCode);
            Assert.Contains("nosuchkinds", wrong.Stderr);
            Assert.Equal(127, missing.ExitCode);
            Assert.Equal("error: cannot run no-such-command-klutch: no such command on PATH\n", missing.Stderr);
            // kubectl's discovery cache went to the sandbox's KUBECACHEDIR, not ~/.kube/cache.
            Assert.Empty(Directory.EnumerateFileSystemEntries(home));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [FakeOnlyFact("runs the in-process server's sandbox executable")]
    public async Task A_crossplane_version_that_is_not_one_is_refused()
    {
        var run = await RunAsync(new Dictionary<string, string?>(), Scenarios.ControlPlane, "--crossplane", "two");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("--crossplane needs a Crossplane version such as 1.20.0 or 2.3.0, not \"two\"\n", run.Stderr);
    }

    [FakeOnlyTheory("runs the in-process server's sandbox executable")]
    [InlineData(null, false)]
    [InlineData("2.3.0", true)]
    public async Task The_revisions_speak_the_crossplane_version_it_plays(string? crossplane, bool runtimeColumn)
    {
        string[] version = crossplane is null ? ["--unauthorized-package", "example.com/p:v1"] : ["--crossplane", crossplane];

        var run = await RunAsync(new Dictionary<string, string?>(), [Scenarios.ControlPlane, .. version, "--", "kubectl", "get", "providerrevisions"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var header = run.Stdout.Split('\n')[0];
        Assert.StartsWith("NAME", header);
        Assert.Equal(runtimeColumn, header.Contains("RUNTIME HEALTHY", StringComparison.Ordinal));
    }

    [FakeOnlyFact("runs the in-process server's sandbox executable")]
    public async Task Serves_a_scenario_prints_its_export_line_and_removes_every_file_when_stopped()
    {
        using var process = Process.Start(Sandbox(Scenarios.ControlPlane, "--missing-package", "example.com/p:v0"))!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync();
            Assert.NotNull(line);
            var (kubeconfig, settings, kubeCache) = Exported(line);
            Assert.True(File.Exists(kubeconfig), kubeconfig);
            Assert.True(File.Exists(settings), settings);
            // As a second shell runs it after pasting the line.
            var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.Environment["KUBECONFIG"] = kubeconfig;
            psi.Environment["KUBECACHEDIR"] = kubeCache;
            foreach (var a in new[] { "get", "providers.pkg.crossplane.io", "-o", "name" })
            {
                psi.ArgumentList.Add(a);
            }
            using var kubectl = Process.Start(psi)!;
            var output = await kubectl.StandardOutput.ReadToEndAsync();
            await kubectl.WaitForExitAsync();
            Assert.Equal("provider.pkg.crossplane.io/provider-anynines\nprovider.pkg.crossplane.io/provider-kubernetes\n", output);

            Assert.Equal(0, await TerminateAsync(process));

            Assert.False(Directory.Exists(Path.GetDirectoryName(kubeconfig)), kubeconfig);
            Assert.False(Directory.Exists(Path.GetDirectoryName(settings)), settings);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Writes_its_kubeconfig_to_the_given_path_and_removes_it_when_stopped()
    {
        var dir = Directory.CreateTempSubdirectory("klutch-sandbox-path-").FullName;
        var path = Path.Combine(dir, "sandbox.kubeconfig");
        using var process = Process.Start(Sandbox(Scenarios.AppCluster, "--kubeconfig", path))!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync();
            Assert.NotNull(line);
            Assert.Equal(path, Exported(line).Kubeconfig);
            Assert.Contains("current-context: klutch-test\n", await File.ReadAllTextAsync(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            Assert.Equal(0, await TerminateAsync(process));

            Assert.False(File.Exists(path));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_kubeconfig_path_that_exists_is_refused_and_left_alone()
    {
        var dir = Directory.CreateTempSubdirectory("klutch-sandbox-path-").FullName;
        try
        {
            var path = Path.Combine(dir, "config");
            await File.WriteAllTextAsync(path, "mine\n");

            var run = await RunAsync(new Dictionary<string, string?>(), Scenarios.AppCluster, "--kubeconfig", path);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"--kubeconfig {path} already exists; the sandbox writes a new file there and removes it when it stops, so give a path that does not exist\n", run.Stderr);
            Assert.Equal("", run.Stdout);
            Assert.Equal("mine\n", await File.ReadAllTextAsync(path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
