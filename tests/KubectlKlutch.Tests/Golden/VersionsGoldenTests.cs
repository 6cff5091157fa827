using KubectlKlutch.TestCluster;
using KubectlKlutch.Tests.Integration;

namespace KubectlKlutch.Tests.Golden;

/// <summary>
/// `versions` against the test registry (its tags are <see cref="Integration.TestRegistry.Seed"/>): an app
/// cluster a patch behind, a legacy install compared with the repository releases now come from,
/// a control plane half way through an update, one whose newest provider a release check
/// blocks, and the whole catalog without a cluster.
/// </summary>
public class VersionsGoldenTests
{
    private static readonly GoldenFormat[] Formats = [GoldenFormat.Table, GoldenFormat.Json, GoldenFormat.Yaml];

    public static TheoryData<string, int> Clusters => new()
    {
        { Scenarios.AppCluster, ExitCodes.Warnings },
        { Scenarios.LegacyAppCluster, ExitCodes.Warnings },
        { Scenarios.ControlPlaneMidway, ExitCodes.Warnings },
        { GoldenClusters.ControlPlaneBlocked, ExitCodes.Warnings },
    };

    [Theory]
    [MemberData(nameof(Clusters))]
    public async Task Every_format_of_versions_is_pinned(string cluster, int exitCode)
    {
        await using var server = await GoldenClusters.StartAsync(cluster);
        await GoldenFile.MatchFormatsAsync($"versions/{cluster}", ["versions", "--kubeconfig", server.KubeconfigPath], exitCode, Scrubber.For(server), Formats);
    }

    [Fact]
    public async Task The_whole_catalog_without_a_cluster_is_pinned()
    {
        var environment = new Dictionary<string, string?>(await Integration.TestRegistry.EnvironmentAsync()) { ["KUBECONFIG"] = "/nonexistent" };
        await GoldenFile.MatchFormatsAsync("versions/all-components", ["versions", "--all-components"], ExitCodes.Success, new Scrubber(), Formats, environment);
    }
}
