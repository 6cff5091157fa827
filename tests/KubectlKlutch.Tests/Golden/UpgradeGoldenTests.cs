using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Golden;

/// <summary>
/// `upgrade -o json` and `-o yaml`: a konnector followed to the end of its rollout, a control
/// plane upgraded in the product page's order with its follow-ups, a plan a release check
/// blocks, and a client dry run. Each format gets a cluster of its own, since an upgrade changes
/// it. The progress of a rollout (stderr) is not pinned: what the follower sees on the way
/// depends on timing; its end is in the outcome.
/// </summary>
public class UpgradeGoldenTests
{
    public static TheoryData<string, string, string[], int, bool> Upgrades => new()
    {
        { "konnector", Scenarios.AppCluster, ["konnector", "v1.3.1", "--yes"], ExitCodes.Success, true },
        { "control-plane", Scenarios.ControlPlane, ["control-plane", "v1.3.1", "--yes"], ExitCodes.Success, true },
        { "blocked", GoldenClusters.ControlPlaneBlocked, ["provider-anynines", "v1.5.0", "--yes"], ExitCodes.Usage, false },
        { "dry-run", Scenarios.ControlPlaneMidway, ["dataservices", "v1.3.1", "--dry-run=client"], ExitCodes.Success, false },
    };

    [Theory]
    [MemberData(nameof(Upgrades))]
    public async Task Json_and_yaml_of_upgrade_are_pinned(string name, string cluster, string[] args, int exitCode, bool rollsOut)
    {
        foreach (var format in new[] { GoldenFormat.Json, GoldenFormat.Yaml })
        {
            await using var server = await GoldenClusters.StartAsync(cluster);
            await GoldenFile.MatchFormatsAsync($"upgrade/{name}", ["upgrade", .. args, "--kubeconfig", server.KubeconfigPath], exitCode, Scrubber.For(server), [format], pinStderr: !rollsOut);
        }
    }
}
