using System.ComponentModel;
using System.Diagnostics;
using KubectlKlutch.Cli;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Runs one command against the sandbox: `kubectl klutch ...` (or `kubectl-klutch ...`) through
/// the plugin's own entry point in this process, the code the binary runs; anything else as a
/// child process with the sandbox's variables, started directly (never through a shell).
/// </summary>
public static class SandboxCommand
{
    /// <summary>The exit code when the command is not found, as shells report it.</summary>
    public const int NotFound = 127;

    /// <summary>The plugin's arguments when the command is the plugin, else null.</summary>
    public static string[]? PluginArguments(string[] command) => command switch
    {
        ["kubectl", "klutch", .. var rest] => [.. rest],
        ["kubectl-klutch", .. var rest] => [.. rest],
        _ => null,
    };

    public static async Task<int> RunAsync(string[] command, SandboxEnvironment environment, CancellationToken ct)
    {
        if (PluginArguments(command) is { } args)
            return await RunPluginAsync(args, environment, ct).ConfigureAwait(false);
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
            start.ArgumentList.Add(argument);
        environment.Apply(start.Environment);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception();
        }
        catch (Win32Exception e)
        {
            // ENOENT (2): the message .NET gives names the working directory, which is beside the point.
            var why = e.NativeErrorCode == 2 ? "no such command on PATH" : e.Message;
            await Console.Error.WriteLineAsync($"error: cannot run {command[0]}: {why}").ConfigureAwait(false);
            return NotFound;
        }
        using (process)
        {
            // Ctrl-C reaches the child too (same terminal); the sandbox waits for it to end, then stops.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return process.ExitCode;
        }
    }

    /// <summary>The plugin's entry point with the console and the sandbox's environment.</summary>
    public static Task<int> RunPluginAsync(string[] args, SandboxEnvironment environment, CancellationToken ct) =>
        KubectlKlutch.Cli.Cli.RunAsync(args, CliIo.System() with { Environment = environment.PluginEnvironment() }, ct);
}
