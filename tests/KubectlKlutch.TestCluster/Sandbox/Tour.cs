namespace KubectlKlutch.TestCluster;

/// <summary>
/// `tour`: the plugin's main job on a sandboxed control plane and two app clusters, each step
/// run through the plugin's own entry point in this process and labelled with the command a
/// user types against a real cluster. It ends by itself; exit 0 when every step ended as the
/// story says it does, 1 (naming the step) otherwise.
/// </summary>
public static class Tour
{
    /// <summary>One step: what it shows, the plugin's arguments, the exit code it must end with and why.</summary>
    private sealed record Step(string What, string[] Args, int Expected, string Meaning);

    private const string CrashingKonnector = Seeder.NewPrefix + "konnector:v1.3.1";

    private static readonly Step[] Steps =
    [
        new("What runs where: the control plane and its app clusters, read at once",
            ["status", "--all-contexts"], 0, "every cluster healthy"),
        new("What the registry has, and what is next (the sandbox serves the registry on loopback)",
            ["versions", "--context", "control-plane"], 4, "an update is available"),
        new("Upgrade the control plane, followed to its end (on a terminal, without --yes, it asks first)",
            ["upgrade", "control-plane", "v1.3.1", "--context", "control-plane", "--yes"], 0, "upgraded and healthy"),
        new("A failing upgrade, caught and rolled back (the sandbox makes konnector v1.3.1 crash on app-cluster-1)",
            ["upgrade", "konnector", "v1.3.1", "--context", "app-cluster-1", "--yes", "--rollback-on-failure"], 1, "the upgrade failed and was rolled back"),
        new("Afterwards: the control plane on v1.3.1, app-cluster-1 back on v1.3.0",
            ["status", "--all-contexts"], 0, "every cluster healthy"),
    ];

    public static async Task<int> RunAsync(CancellationToken ct)
    {
        // Slow enough to watch a rollout, with a deadline far beyond any step's end.
        var options = new TestApiServerOptions { StepInterval = TimeSpan.FromMilliseconds(250), ProgressDeadline = TimeSpan.FromSeconds(120) };
        var servers = new List<TestApiServer>();
        try
        {
            foreach (var scenario in new[] { Scenarios.ControlPlane, Scenarios.AppCluster, Scenarios.AppCluster })
                servers.Add(await TestApiServer.StartAsync(scenario, options).ConfigureAwait(false));
            servers[1].Images.MarkCrashing(CrashingKonnector);
            using var kubeconfig = FleetKubeconfig.Write(servers[0].As("control-plane"), servers[1].As("app-cluster-1"), servers[2].As("app-cluster-2"));
            await using var registry = await SandboxRegistry.StartAsync(SandboxTags.ByRepository()).ConfigureAwait(false);
            using var environment = SandboxEnvironment.Create(kubeconfig.Path, registry);

            Console.WriteLine($"""
                A tour of kubectl-klutch, with no cluster: the plugin's own entry point against a sandbox in this process.
                The sandbox: a Klutch control plane (context control-plane) and two app clusters (app-cluster-1, app-cluster-2),
                each a Kubernetes API server on 127.0.0.1 behind one kubeconfig, and an OCI registry on {registry.Host}.
                Each step shows the command you would type against a real cluster.
                """);
            for (var i = 0; i < Steps.Length; i++)
            {
                var step = Steps[i];
                var command = "kubectl klutch " + string.Join(' ', step.Args);
                Console.WriteLine($"\n== {i + 1}/{Steps.Length} {step.What}\n$ {command}");
                var exit = await SandboxCommand.RunPluginAsync(step.Args, environment, ct).ConfigureAwait(false);
                if (exit != step.Expected)
                {
                    await Console.Error.WriteLineAsync($"error: the tour stopped at step {i + 1}: '{command}' exited {exit}, not {step.Expected} ({step.Meaning})").ConfigureAwait(false);
                    return 1;
                }
                Console.WriteLine($"-> exit {exit}: {step.Meaning}");
            }
            Console.WriteLine("""

                That was the tour; the sandbox stops now and removes its files. To try commands of your own:
                  dotnet run --project tests/KubectlKlutch.TestCluster -- control-plane          # prints an export line; Ctrl-C stops
                  dotnet run --project tests/KubectlKlutch.TestCluster -- app-cluster -- kubectl klutch status
                """);
            return 0;
        }
        finally
        {
            foreach (var server in servers)
                await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
