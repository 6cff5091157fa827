using KubectlKlutch.Tests.Integration;

namespace KubectlKlutch.Tests.FirstRun;

/// <summary>
/// README's test command, ./test.sh, where it cannot install: a PATH without the tools and
/// without apt-get. It must name what is missing and stop before running anything (no dotnet on
/// that PATH either: reaching `dotnet test` would say so). It never installs anything here.
/// </summary>
public sealed class TestScriptTests
{
    private static readonly string Script = Path.Combine(PublishedBinary.RepositoryRoot, "test.sh");

    private static async Task<CliRun> RunWithPathAsync(string path) =>
        await PublishedBinary.RunAsync("bash", [Script], new Dictionary<string, string?> { ["PATH"] = path }, TimeSpan.FromMinutes(1));

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Names_exactly_the_missing_packages_and_runs_nothing_when_it_cannot_install_them()
    {
        var bin = Directory.CreateTempSubdirectory("klutch-test-sh-").FullName;
        try
        {
            // kubectl only (the check asks whether it is there, never runs it).
            var kubectl = Path.Combine(bin, "kubectl");
            await File.WriteAllTextAsync(kubectl, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(kubectl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            // Every tool is off this PATH; the arm64 libc is a directory, checked where it is.
            var missing = string.Join(' ', new[]
            {
                "docker-registry", "apache2-utils", "clang", "lld", "gcc-aarch64-linux-gnu", "binutils-aarch64-linux-gnu",
                Directory.Exists("/usr/aarch64-linux-gnu/lib") ? null : "libc6-dev-arm64-cross", "qemu-user",
            }.OfType<string>());

            var run = await RunWithPathAsync(bin);

            Assert.Equal(1, run.ExitCode);
            Assert.Matches(
                $"^test\\.sh: the tests need these packages, which cannot be installed here \\((not root, )?no apt-get\\): {missing}; "
                + $"install them \\(as root: apt-get install --no-install-recommends {missing}\\) and run \\./test\\.sh again\n$",
                run.Stderr);
            Assert.Equal("", run.Stdout);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Fact]
    public async Task Stops_first_when_kubectl_is_not_on_path()
    {
        var empty = Directory.CreateTempSubdirectory("klutch-test-sh-").FullName;
        try
        {
            var run = await RunWithPathAsync(empty);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal("test.sh: kubectl is not on PATH: the integration tests run the real client; install it (it is not an apt package) and run ./test.sh again\n", run.Stderr);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
