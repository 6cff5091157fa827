using KubectlKlutch.Completion;
using KubectlKlutch.Tests.Integration;

namespace KubectlKlutch.Tests.Completion;

/// <summary>`completion SHELL` and `__complete` through the real entry point, in process and from the binary.</summary>
public class CompletionCliTests
{
    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    [InlineData("powershell")]
    public async Task Every_shell_gets_a_script_that_asks_the_binary(string shell)
    {
        var run = await Klutch.RunAsync(["completion", shell]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Contains("kubectl-klutch __complete", run.Stdout);
        Assert.Contains("kubectl_complete-klutch", run.Stdout);
        // Braces and parentheses balance: a cheap check of a script no shell here can parse.
        Assert.Equal(run.Stdout.Count(c => c == '{'), run.Stdout.Count(c => c == '}'));
        Assert.Equal(run.Stdout.Count(c => c == '('), run.Stdout.Count(c => c == ')'));
    }

    [Fact]
    public async Task Each_script_registers_completion_the_way_its_shell_does()
    {
        Assert.Contains("complete -F __kubectl_klutch_complete kubectl-klutch", (await Klutch.RunAsync(["completion", "bash"])).Stdout);
        var zsh = (await Klutch.RunAsync(["completion", "zsh"])).Stdout;
        Assert.StartsWith("#compdef kubectl-klutch\n", zsh);
        Assert.Contains("compdef _kubectl_klutch kubectl-klutch", zsh);
        var fish = (await Klutch.RunAsync(["completion", "fish"])).Stdout;
        Assert.Contains("complete -c kubectl-klutch -f -a '(__kubectl_klutch_complete)'", fish);
        Assert.Equal(CountWord(fish, "function") + CountWord(fish, "if"), CountWord(fish, "end"));
        Assert.Contains("Register-ArgumentCompleter -Native -CommandName 'kubectl-klutch', 'kubectl-klutch.exe'", (await Klutch.RunAsync(["completion", "powershell"])).Stdout);
    }

    private static int CountWord(string script, string word) =>
        script.Split('\n').Count(l => l.Trim() == word || l.Trim().StartsWith(word + " ", StringComparison.Ordinal));

    [Fact]
    public async Task The_bash_script_parses_with_bash_n()
    {
        var script = Path.Combine(Path.GetTempPath(), $"klutch-completion-{Guid.NewGuid():N}.bash");
        await File.WriteAllTextAsync(script, (await Klutch.RunAsync(["completion", "bash"])).Stdout);
        try
        {
            var run = await PublishedBinary.RunAsync("bash", ["-n", script], null, TimeSpan.FromSeconds(30));
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task The_bash_script_completes_through_the_protocol()
    {
        // Runs the function as bash would on `kubectl-klutch upgrade kon<TAB>`, with the binary on PATH.
        var binary = await PublishedBinary.PathAsync();
        var script = (await Klutch.RunAsync(["completion", "bash"])).Stdout +
            "COMP_WORDS=(kubectl-klutch upgrade kon); COMP_CWORD=2; __kubectl_klutch_complete; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        var run = await PublishedBinary.RunAsync("bash", ["-c", script], new Dictionary<string, string?> { ["PATH"] = $"{Path.GetDirectoryName(binary)}:/usr/bin:/bin" }, TimeSpan.FromSeconds(30));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("konnector\n", run.Stdout);
    }

    [Fact]
    public async Task The_native_binary_prints_the_same_scripts()
    {
        foreach (var shell in CompletionScripts.Shells)
        {
            var native = await PublishedBinary.RunAsync(["completion", shell]);
            Assert.True(native.ExitCode == 0, native.ToString());
            Assert.Equal((await Klutch.RunAsync(["completion", shell])).Stdout, native.Stdout);
        }
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var run = await Klutch.RunAsync(["completion", "tcsh"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: unsupported shell \"tcsh\": choose one of bash, zsh, fish, powershell\n", run.Stderr);
    }

    [Fact]
    public async Task Complete_protocol_through_the_entry_point()
    {
        var run = await Klutch.RunAsync(["__complete", "upgrade", ""]);
        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith("control-plane\n:4\n", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Contexts_are_read_from_the_real_kubeconfig()
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"klutch-completion-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:1"}
            users:
            - name: u
              user: {token: t}
            contexts:
            - name: blue
              context: {cluster: c, user: u}
            - name: green
              context: {cluster: c, user: u}
            current-context: blue
            """);
        try
        {
            var run = await Klutch.RunAsync(["__complete", "status", "--kubeconfig", kubeconfig, "--context", ""]);
            Assert.Equal("blue\ngreen\n:4\n", run.Stdout);
            var missing = await Klutch.RunAsync(["__complete", "status", "--kubeconfig", "/nonexistent", "--context", ""]);
            Assert.Equal((0, ":4\n", ""), (missing.ExitCode, missing.Stdout, missing.Stderr));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public void Every_shell_has_a_script() => Assert.All(CompletionScripts.Shells, s => Assert.NotNull(CompletionScripts.For(s)));
}
