using System.Diagnostics;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// The Native AOT binary, published once per test run (or taken from KLUTCH_BINARY). Only this
/// proves that the trimmer kept what CommandLineParser reaches by reflection: a verb can parse
/// under the JIT and abort in the native binary.
/// </summary>
public static class PublishedBinary
{
    private static readonly Lazy<Task<string>> Binary = new(PublishAsync);

    public static string RepositoryRoot { get; } = FindRoot();

    public static Task<string> PathAsync() => Binary.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "KubectlKlutch.sln"))) return dir.FullName;
        throw new InvalidOperationException("KubectlKlutch.sln not found above the test assembly");
    }

    private static async Task<string> PublishAsync()
    {
        if (Environment.GetEnvironmentVariable("KLUTCH_BINARY") is { Length: > 0 } given) return given;
        var output = System.IO.Path.Combine(RepositoryRoot, "artifacts", "test-publish", "linux-x64");
        var run = await RunAsync("dotnet", ["publish", System.IO.Path.Combine(RepositoryRoot, "cmd", "kubectl-klutch"), "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo"], null, TimeSpan.FromMinutes(8));
        if (run.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed:\n{run}");
        if (run.Stdout.Contains("warning", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"dotnet publish printed warnings (trim/AOT warnings are crashes waiting to happen):\n{run.Stdout}");
        return System.IO.Path.Combine(output, "kubectl-klutch");
    }

    /// <summary>Runs the binary with the test registry's settings (and whatever else is given).</summary>
    public static async Task<CliRun> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? environment = null)
    {
        var merged = new Dictionary<string, string?>(await TestRegistry.EnvironmentAsync());
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) merged[key] = value;
        return await RunAsync(await PathAsync(), args, merged, TimeSpan.FromMinutes(2));
    }

    /// <summary>Runs a program with an argument list, never through a shell.</summary>
    public static async Task<CliRun> RunAsync(string program, IEnumerable<string> args, IDictionary<string, string?>? environment, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {limit}");
        }
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
