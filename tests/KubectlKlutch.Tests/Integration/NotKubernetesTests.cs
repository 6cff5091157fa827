using System.Net;
using KubectlKlutch.TestCluster;
using KubectlKlutch.TestRegistry;

namespace KubectlKlutch.Tests.Integration;

/// <summary>A kubeconfig that points at something other than a Kubernetes API server: never "no Klutch here".</summary>
public class NotKubernetesTests : IAsyncLifetime
{
    private readonly HttpListener listener = new();
    private Uri address = null!;
    private Task serving = Task.CompletedTask;

    public Task InitializeAsync()
    {
        // A plain web server that knows no path: every request is a 404, as a wrong URL gives.
        var port = Loopback.FreePort();
        address = new Uri($"http://127.0.0.1:{port}");
        listener.Prefixes.Add(address + "/");
        listener.Start();
        serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                context.Response.StatusCode = 404;
                context.Response.Close();
            }
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
    }

    /// <summary>The plugin in process here; from the published binary in <see cref="NotKubernetesBinaryTests"/>.</summary>
    protected virtual Task<CliRun> Run(params string[] args) => Klutch.RunAsync(args);

    private static string NotKubernetes(Uri server) =>
        $"the server at {server.ToString().TrimEnd('/')} is not a Kubernetes API server: it answered 404 Not Found to /apis/apps/v1/deployments, which every Kubernetes API server serves; check the server URL of the context in the kubeconfig";

    [Fact]
    public async Task Status_says_the_server_is_not_Kubernetes_and_exits_1()
    {
        using var kubeconfig = FleetKubeconfig.Write(new FleetEntry("web-1", address, "token"));

        var run = await Run("status", "--kubeconfig", kubeconfig.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: {NotKubernetes(address)}\n", run.Stderr);
    }

    [Fact]
    public async Task A_fleet_rollback_counts_it_as_not_read_and_does_not_drop_it_silently()
    {
        await using var app = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(app.As("app-1"), new FleetEntry("web-1", address, "token"));

        var run = await Run("rollback", "konnector", "--contexts", "app-*,web-1", "--yes", "-o", "json", "--kubeconfig", kubeconfig.Path);

        Assert.Equal(1, run.ExitCode);
        var web = System.Text.Json.Nodes.JsonNode.Parse(run.Stdout)!["clusters"]!.AsArray().Single(c => (string)c!["context"]! == "web-1")!;
        Assert.Equal("NotReachable", (string)web["result"]!);
        Assert.Equal(NotKubernetes(address), (string)web["reason"]!);
    }

    [Fact]
    public async Task Versions_of_a_component_the_cluster_does_not_run_says_where_to_run_it()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);

        var run = await Run("versions", "konnector", "--kubeconfig", server.KubeconfigPath);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: konnector is not in context \"klutch-test\", which is a control plane: run the versions command against the context of an app cluster, or pass --all-components for its releases\n", run.Stderr);
    }
}

/// <summary>The same, from the published native binary.</summary>
public sealed class NotKubernetesBinaryTests : NotKubernetesTests
{
    protected override Task<CliRun> Run(params string[] args) => PublishedBinary.RunAsync(args);
}
