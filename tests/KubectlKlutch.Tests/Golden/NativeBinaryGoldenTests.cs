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

    [Fact]
    public async Task Name_and_jsonpath_from_the_native_binary_match_the_golden_files()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlaneMidway);
        foreach (var format in new[] { GoldenFormat.Name, GoldenFormat.JsonPath })
        {
            var run = await PublishedBinary.RunAsync(["status", .. format.Flags, "--kubeconfig", server.KubeconfigPath]);
            Assert.True(run.ExitCode == ExitCodes.Warnings, run.ToString());
            GoldenFile.MatchAll(GoldenFile.FilesOf($"status/{Scenarios.ControlPlaneMidway}{format.Suffix}", run, Scrubber.For(server)));
        }
    }
}
