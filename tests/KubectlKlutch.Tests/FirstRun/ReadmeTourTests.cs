using KubectlKlutch.Tests.Integration;

namespace KubectlKlutch.Tests.FirstRun;

/// <summary>
/// README's first command, as a new user runs it: a fresh clone of this commit, an empty HOME, no
/// KUBECONFIG, nothing but the SDK (and the NuGet packages already on this machine, so that it
/// does not restore from scratch). It builds from scratch: the suite's one such run.
/// </summary>
public sealed class ReadmeTourTests
{
    /// <summary>The first line of README's first code block, without a trailing comment, as a program and its arguments.</summary>
    private static string[] FirstCommand(string readme)
    {
        var lines = readme.Split('\n');
        var open = Array.FindIndex(lines, l => l.StartsWith("```", StringComparison.Ordinal));
        Assert.True(open >= 0 && open + 1 < lines.Length, "README has no code block");
        var line = lines[open + 1];
        if (line.IndexOf(" #", StringComparison.Ordinal) is var comment and >= 0) line = line[..comment];
        // Run without a shell, so it must need none.
        Assert.DoesNotMatch("[\"'$|&;<>`*?~\\\\]", line);
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task<CliRun> RunOkAsync(string program, params string[] args)
    {
        var run = await PublishedBinary.RunAsync(program, args, null, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"{program} {string.Join(' ', args)}: {run}");
        return run;
    }

    [Fact]
    public async Task Readme_first_command_runs_the_tour_in_a_fresh_clone_with_an_empty_home_and_leaves_nothing_behind()
    {
        var work = Directory.CreateTempSubdirectory("klutch-first-run-").FullName;
        try
        {
            var head = (await RunOkAsync("git", "-C", PublishedBinary.RepositoryRoot, "rev-parse", "HEAD")).Stdout.Trim();
            var clone = Path.Combine(work, "clone");
            await RunOkAsync("git", "clone", "--quiet", "--no-checkout", PublishedBinary.RepositoryRoot, clone);
            await RunOkAsync("git", "-C", clone, "checkout", "--quiet", "--detach", head);
            var home = Directory.CreateDirectory(Path.Combine(work, "home")).FullName;
            var tmp = Directory.CreateDirectory(Path.Combine(work, "tmp")).FullName;
            var command = FirstCommand(await File.ReadAllTextAsync(Path.Combine(clone, "README.md")));

            var environment = new Dictionary<string, string?>
            {
                ["HOME"] = home,
                ["TMPDIR"] = tmp,
                ["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages ? packages
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
                ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                // The build leaves no server behind: nothing may keep running after the command.
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
                ["UseSharedCompilation"] = "false",
            };
            foreach (var name in new[] { "KUBECONFIG", "KUBECACHEDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "DOCKER_CONFIG", "DOTNET_CLI_HOME" })
                environment[name] = null;
            foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("KLUTCH_", StringComparison.Ordinal)))
                environment[name] = null;

            var tour = await RunInAsync(clone, command, environment);

            Assert.True(tour.ExitCode == 0, tour.ToString());
            Assert.Contains("$ kubectl klutch status --all-contexts\n", tour.Stdout);
            Assert.Matches(@"\nCOMPONENT +NAMESPACE/NAME +VERSION +HEALTH +UPDATED +STATE\nkonnector +klutch-bind/konnector +v1\.3\.0 +Healthy ", tour.Stdout);
            Assert.Contains("\n3 clusters: 3 current (v1.3.0)\n", tour.Stdout);
            Assert.Contains("konnector failed and was rolled back: ", tour.Stdout);
            Assert.False(Directory.Exists(Path.Combine(home, ".kube")), "the tour left ~/.kube behind");
            Assert.False(Directory.Exists(Path.Combine(home, ".cache")), "the tour left ~/.cache behind");
            Assert.Empty(Directory.EnumerateFileSystemEntries(tmp, "klutch-*"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The command in a working directory, never through a shell.</summary>
    private static async Task<CliRun> RunInAsync(string directory, string[] command, IDictionary<string, string?> environment)
    {
        var start = new System.Diagnostics.ProcessStartInfo(command[0])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish within 20 minutes");
        }
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
