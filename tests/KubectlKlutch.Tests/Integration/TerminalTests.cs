using System.Diagnostics;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// The published binary on a real terminal: `script` gives it a pseudo-terminal, so stdin and
/// stderr are a terminal while the command line pipes stdout, as `upgrade ... | tee log` does.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class TerminalTests
{
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";

    /// <summary>Runs a fixed command line (only test paths in it) on a pseudo-terminal of the given width; types <paramref name="typed"/>.</summary>
    private static async Task<string> OnTerminalAsync(string commandLine, int columns, string typed = "")
    {
        var start = new ProcessStartInfo("script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-q", "-e", "-c", $"stty cols {columns} rows 24; {commandLine}", "/dev/null" }) start.ArgumentList.Add(a);
        foreach (var (key, value) in await TestRegistry.EnvironmentAsync()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.WriteAsync(typed);
        await process.StandardInput.FlushAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        return await output;
    }

    [Fact]
    public async Task Asks_on_the_terminal_although_stdout_is_piped_and_never_sets_keypad_mode()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var binary = await PublishedBinary.PathAsync();
        var output = await OnTerminalAsync($"{Quote(binary)} upgrade konnector v1.3.1 --kubeconfig {Quote(server.KubeconfigPath)} | cat", 120, "n\n");
        Assert.Contains("Apply this plan to context \"klutch-test\"", output);
        Assert.Contains("Cancelled: nothing was changed.", output);
        Assert.DoesNotContain("no terminal to ask on", output);
        Assert.DoesNotContain("\u001b[?1h", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b=", output, StringComparison.Ordinal); // ordinal: a linguistic match ignores ESC
    }

    [Fact]
    public async Task Single_cluster_progress_is_cut_to_the_terminal_width()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var binary = await PublishedBinary.PathAsync();
        var output = await OnTerminalAsync($"{Quote(binary)} upgrade konnector v1.3.1 --yes --kubeconfig {Quote(server.KubeconfigPath)}", 60);
        var redrawn = output.Split("\r\u001b[K").Skip(1).Select(s => s.Split('\r', '\n')[0]).ToList();
        Assert.NotEmpty(redrawn);
        Assert.All(redrawn, line => Assert.True(line.Length < 60, $"{line.Length} columns: {line}"));
        Assert.DoesNotContain("\u001b[?1h", output, StringComparison.Ordinal);
    }
}
