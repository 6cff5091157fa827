using KubectlKlutch.TestCluster;
using KubectlKlutch.Tests.Integration;

namespace KubectlKlutch.Tests.Golden;

/// <summary>
/// The published native binary prints what the golden files hold: `-o yaml` goes through
/// YamlDotNet's emitter, and only the trimmed, AOT-compiled binary proves that it survives.
/// </summary>
public class NativeBinaryGoldenTests
{
    [Theory]
    [InlineData("status", Scenarios.ControlPlaneMidway, ExitCodes.Warnings)]
    [InlineData("versions", Scenarios.AppCluster, ExitCodes.Warnings)]
    public async Task Yaml_from_the_native_binary_matches_the_golden_file(string verb, string cluster, int exitCode)
    {
        await using var server = await Klutch.StartAsync(cluster);
        var run = await PublishedBinary.RunAsync([verb, "-o", "yaml", "--kubeconfig", server.KubeconfigPath]);
        Assert.True(run.ExitCode == exitCode, run.ToString());
        GoldenFile.MatchAll(GoldenFile.FilesOf($"{verb}/{cluster}.yaml", run, Scrubber.For(server)));
    }
}
