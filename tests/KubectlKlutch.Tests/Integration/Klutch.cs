using KubectlKlutch.Cli;
using KubectlKlutch.Output;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>What one run of the plugin left behind.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

    /// <summary>The whole state of a component that is not healthy, from the line after the table (the table cuts it at 120 columns).</summary>
    public string State(string component) =>
        Stdout.Split('\n').FirstOrDefault(l => l.StartsWith(component + ": ", StringComparison.Ordinal))?[(component.Length + 2)..]
        ?? Row(component)[5];

    /// <summary>The table row of a component, split into its columns.</summary>
    public string[] Row(string component) =>
        Stdout.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Split(l.TrimEnd(), " {3,}"))
            .FirstOrDefault(c => c[0] == component) ?? throw new Xunit.Sdk.XunitException($"no row for {component} in:\n{Stdout}");
}

/// <summary>
/// Runs the plugin through its real entry point (argument parsing, commands, exit codes), in
/// process, with captured output. The published native binary is driven by <see cref="PublishedBinary"/>.
/// </summary>
public static class Klutch
{
    public static async Task<CliRun> RunAsync(string[] args, Terminal? terminal = null, string? input = null, CancellationToken ct = default,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var io = new CliIo(stdout, stderr, terminal ?? Terminal.Plain, () => DateTimeOffset.UtcNow)
        {
            In = new StringReader(input ?? ""),
            Environment = environment ?? await TestRegistry.EnvironmentAsync(),
        };
        var exit = await KubectlKlutch.Cli.Cli.RunAsync(args, io, ct);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    public static Task<CliRun> RunAsync(TestApiServer server, params string[] args) =>
        RunAsync([.. args, "--kubeconfig", server.KubeconfigPath]);

    /// <summary>Fast controllers, so that rollouts finish (or fail) in a second or two.</summary>
    public static Task<TestApiServer> StartAsync(string scenario) =>
        TestApiServer.StartAsync(scenario, new TestApiServerOptions { StepInterval = TimeSpan.FromMilliseconds(50), ProgressDeadline = TimeSpan.FromSeconds(3) });
}
