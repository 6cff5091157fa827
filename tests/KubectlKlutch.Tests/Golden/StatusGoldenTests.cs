using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Golden;

/// <summary>
/// `status` in every format over every kind of cluster the test server seeds: healthy app
/// clusters and control planes of each generation, warnings, a package upgrade that has not
/// taken effect, and a cluster without Klutch. One golden file per scenario and format.
/// </summary>
public class StatusGoldenTests
{
    public static TheoryData<string, int> Clusters => new()
    {
        { Scenarios.AppCluster, ExitCodes.Success },
        { Scenarios.LegacyAppCluster, ExitCodes.Warnings },
        { Scenarios.ProductPageAppCluster, ExitCodes.Warnings },
        { Scenarios.TwoKonnectors, ExitCodes.Warnings },
        { Scenarios.ControlPlane, ExitCodes.Success },
        { Scenarios.ControlPlaneMidway, ExitCodes.Warnings },
        { Scenarios.Empty, ExitCodes.Unhealthy },
        { Scenarios.AppAndControlPlane, ExitCodes.Success },
        { GoldenClusters.PackageNotInEffect, ExitCodes.Unhealthy },
        { Scenarios.ControlPlaneCrossplane120, ExitCodes.Success },
        { Scenarios.ControlPlaneCrossplane2, ExitCodes.Success },
        { Scenarios.ControlPlaneImageConfig, ExitCodes.Success },
        { GoldenClusters.PackageNotInEffectCrossplane2, ExitCodes.Unhealthy },
    };

    [Theory]
    [MemberData(nameof(Clusters))]
    public async Task Every_format_of_status_is_pinned(string cluster, int exitCode)
    {
        await using var server = await GoldenClusters.StartAsync(cluster);
        await GoldenFile.MatchFormatsAsync($"status/{cluster}", ["status", "--kubeconfig", server.KubeconfigPath], exitCode, Scrubber.For(server),
            [GoldenFormat.Table, GoldenFormat.Wide, GoldenFormat.Json, GoldenFormat.Yaml, GoldenFormat.Name, GoldenFormat.JsonPath]);
    }
}
