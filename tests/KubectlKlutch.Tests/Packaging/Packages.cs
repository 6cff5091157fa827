using System.Text.RegularExpressions;
using KubectlKlutch.Tests.Integration;

namespace KubectlKlutch.Tests.Packaging;

/// <summary>
/// Release archives built the way build.ps1 and CI build them (`dotnet msbuild build/Package.proj
/// -t:Package`), once per test run, into one temporary package directory. Publishes run one at a
/// time, after the test binary's, because they share the library's build output.
/// </summary>
public static partial class Packages
{
    private static readonly SemaphoreSlim OnePublish = new(1, 1);
    private static readonly Lazy<Task<PackageRun>> LinuxX64 = new(() => PackageAsync("linux-x64"));
    private static readonly Lazy<Task<PackageRun>> LinuxArm64 = new(() => PackageAsync("linux-arm64"));

    /// <summary>Emptied by the first package of the run, so the manifest sees this run's archives only.</summary>
    public static string Directory { get; } = Path.Combine(PublishedBinary.RepositoryRoot, "artifacts", "test-package");
    private static readonly Lazy<bool> Emptied = new(() =>
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        return true;
    });

    public static Task<PackageRun> LinuxX64Async() => LinuxX64.Value;
    public static Task<PackageRun> LinuxArm64Async() => LinuxArm64.Value;

    /// <summary>The version every archive carries: the one Directory.Build.props stamps.</summary>
    public static string Version => PluginVersion.Current;

    public static Task<CliRun> MsBuildAsync(params string[] args) =>
        PublishedBinary.RunAsync("dotnet", ["msbuild", Path.Combine(PublishedBinary.RepositoryRoot, "build", "Package.proj"), "-nologo", .. args],
            new Dictionary<string, string?> { ["MSBUILDTERMINALLOGGER"] = "off" }, TimeSpan.FromMinutes(10));

    private static async Task<PackageRun> PackageAsync(string rid)
    {
        await PublishedBinary.PathAsync();
        await OnePublish.WaitAsync();
        try
        {
            _ = Emptied.Value;
            var started = DateTime.UtcNow;
            var run = await MsBuildAsync("-t:Package", $"-p:RuntimeIdentifier={rid}", $"-p:PackageDir={Directory}");
            if (run.ExitCode != 0) throw new InvalidOperationException($"packaging {rid} failed:\n{run}");
            if (Warning().IsMatch(run.Stdout))
                throw new InvalidOperationException($"packaging {rid} printed warnings (trim/AOT warnings are crashes waiting to happen):\n{run.Stdout}");
            var (os, arch) = rid switch { "linux-x64" => ("linux", "amd64"), "linux-arm64" => ("linux", "arm64"), _ => throw new ArgumentException(rid) };
            return new PackageRun(rid, Path.Combine(Directory, $"kubectl-klutch_{Version}_{os}_{arch}.tar.gz"), DateTime.UtcNow - started, run);
        }
        finally
        {
            OnePublish.Release();
        }
    }

    // MSBuild's form (": warning CODE:"), not the word inside a path or a message.
    [GeneratedRegex(@":\s+warning\s+[A-Z]+\d+", RegexOptions.IgnoreCase)]
    private static partial Regex Warning();
}

public sealed record PackageRun(string RuntimeIdentifier, string Archive, TimeSpan Took, CliRun Output)
{
    public string Manifest => Path.Combine(Path.GetDirectoryName(Archive)!, "plugin.yaml");
}
