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

    [FakeOnlyFact("runs the in-process server's sandbox executable")]
    public async Task A_crossplane_version_that_is_not_one_is_refused()
    {
        using var process = Process.Start(Sandbox(Scenarios.ControlPlane, "--crossplane", "two"))!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("--crossplane needs a Crossplane version such as 1.20.0 or 2.3.0, not \"two\"\n", error);
    }

    [FakeOnlyTheory("runs the in-process server's sandbox executable")]
    [InlineData(null, "HEALTHY")]
    [InlineData("2.3.0", "RUNTIME HEALTHY")]
    public async Task Serves_a_scenario_and_prints_its_kubeconfig_path(string? crossplane, string revisionColumn)
    {
        string[] args = crossplane is null
            ? [Scenarios.ControlPlane, "--missing-package", "example.com/p:v0", "--unauthorized-package", "example.com/p:v1"]
            : [Scenarios.ControlPlane, "--crossplane", crossplane];
        using var process = Process.Start(Sandbox(args))!;
        string? kubeconfig = null;
        try
        {
            kubeconfig = await process.StandardOutput.ReadLineAsync();
            Assert.NotNull(kubeconfig);
            Assert.True(File.Exists(kubeconfig), kubeconfig);
            async Task<string> Kubectl(params string[] command)
            {
                var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { "--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(Path.GetDirectoryName(kubeconfig)!, "cache") }.Concat(command))
                {
                    psi.ArgumentList.Add(a);
                }
                using var kubectl = Process.Start(psi)!;
                var output = await kubectl.StandardOutput.ReadToEndAsync();
                await kubectl.WaitForExitAsync();
                return output;
            }
            Assert.Equal("provider.pkg.crossplane.io/provider-anynines\nprovider.pkg.crossplane.io/provider-kubernetes\n",
                await Kubectl("get", "providers.pkg.crossplane.io", "-o", "name"));
            // The revisions speak the version's vocabulary: v2 adds the runtime's column.
            var header = (await Kubectl("get", "providerrevisions")).Split('\n')[0];
            Assert.StartsWith("NAME", header);
            Assert.Equal(revisionColumn == "RUNTIME HEALTHY", header.Contains("RUNTIME HEALTHY", StringComparison.Ordinal));
        }
        finally
        {
            // Killed, not Ctrl-C'd, so it cannot clean up its temp directory: the test does.
            process.Kill();
            await process.WaitForExitAsync();
            if (kubeconfig != null && Path.GetDirectoryName(kubeconfig) is { } dir && Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
