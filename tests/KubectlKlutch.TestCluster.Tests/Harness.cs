using System.Diagnostics;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.TestCluster.Tests;

/// <summary>What one kubectl run left behind.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>
/// The cluster a test talks to: a fresh in-process TestApiServer seeded with a scenario, or — when
/// KLUTCH_TEST_KUBECONFIG names a kubeconfig — that real cluster (then Server is null and the tests
/// that need the fake's knobs are skipped by their attribute).
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const string RealClusterVariable = "KLUTCH_TEST_KUBECONFIG";

    private readonly string _cacheDir;

    private TestCluster(TestApiServer? server, string kubeconfig)
    {
        Server = server;
        Kubeconfig = kubeconfig;
        // kubectl caches discovery per host:port; ports are reused across servers, so each cluster gets its own cache.
        _cacheDir = Directory.CreateTempSubdirectory("klutch-kubectl-cache-").FullName;
    }

    public static string? RealKubeconfig => Environment.GetEnvironmentVariable(RealClusterVariable) is { Length: > 0 } p ? p : null;

    public static bool IsReal => RealKubeconfig != null;

    /// <summary>The in-process server; null against a real cluster.</summary>
    public TestApiServer? Server { get; }

    /// <summary>The in-process server, for tests that only run against it (their attribute skips them otherwise).</summary>
    public TestApiServer Fake => Server ?? throw new InvalidOperationException("this test needs the in-process server");

    public string Kubeconfig { get; }

    public static async Task<TestCluster> StartAsync(string scenario, TestApiServerOptions? options = null)
    {
        if (RealKubeconfig is { } real)
        {
            return new TestCluster(null, real);
        }
        var server = await TestApiServer.StartAsync(scenario, options ?? new TestApiServerOptions
        {
            StepInterval = TimeSpan.FromMilliseconds(50),
            ProgressDeadline = TimeSpan.FromSeconds(2),
        });
        return new TestCluster(server, server.KubeconfigPath);
    }

    /// <summary>Runs the installed kubectl with this cluster's kubeconfig; never through a shell.</summary>
    public async Task<KubectlResult> Kubectl(params string[] args) => await KubectlWithInput(null, args);

    public async Task<KubectlResult> KubectlWithInput(string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(Kubeconfig);
        psi.ArgumentList.Add("--cache-dir");
        psi.ArgumentList.Add(_cacheDir);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("kubectl did not start");
        if (stdin != null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl and fails the test with its output when it does not exit 0.</summary>
    public async Task<string> KubectlOk(params string[] args)
    {
        var result = await Kubectl(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed:\n{result}");
        return result.Stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (Server != null)
        {
            await Server.DisposeAsync();
        }
        try
        {
            Directory.Delete(_cacheDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; it is a temp directory.
        }
    }
}

/// <summary>A test that asserts on a seeded scenario's contents: runs only against the in-process server.</summary>
public sealed class ScenarioFactAttribute : FactAttribute
{
    public ScenarioFactAttribute()
    {
        if (TestCluster.IsReal)
        {
            Skip = "asserts on the seeded scenario's exact objects, which a real cluster does not have";
        }
    }
}

/// <summary>A test that needs the fake's knobs (fault injection, RBAC denial, image marks, controller timing).</summary>
public sealed class FakeOnlyFactAttribute : FactAttribute
{
    public FakeOnlyFactAttribute(string why)
    {
        if (TestCluster.IsReal)
        {
            Skip = $"needs the in-process server: {why}";
        }
    }
}

/// <summary><see cref="FakeOnlyFactAttribute"/> for a test with cases.</summary>
public sealed class FakeOnlyTheoryAttribute : TheoryAttribute
{
    public FakeOnlyTheoryAttribute(string why)
    {
        if (TestCluster.IsReal)
        {
            Skip = $"needs the in-process server: {why}";
        }
    }
}
