using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Golden;

/// <summary>
/// `status` and `upgrade` over a fleet in one kubeconfig: a current app cluster, one behind on
/// a legacy layout, a control plane (which has no konnector), and a member whose server is down.
/// The upgrade's progress on stderr is not pinned (see <see cref="UpgradeGoldenTests"/>).
/// </summary>
public class FleetGoldenTests
{
    private const string Konnector = "public.ecr.aws/w5n9a2g2/klutch/konnector";

    [Fact]
    public async Task Fleet_status_is_pinned()
    {
        await using var fleet = await GoldenFleet.StartAsync(("app-eu-1", Scenarios.AppCluster), ("app-eu-2", Scenarios.LegacyAppCluster),
            ("cp-prod", Scenarios.ControlPlane), ("app-down", Scenarios.AppCluster));
        await fleet["app-down"].StopAsync();

        await GoldenFile.MatchFormatsAsync("fleet-status/mixed", ["status", "--all-contexts", "--kubeconfig", fleet.KubeconfigPath], ExitCodes.Failed, fleet.Scrubber,
            [GoldenFormat.Table, GoldenFormat.Json, GoldenFormat.Yaml]);
    }

    [Fact]
    public async Task Fleet_upgrade_is_pinned()
    {
        foreach (var format in new[] { GoldenFormat.Json, GoldenFormat.Yaml })
        {
            await using var fleet = await GoldenFleet.StartAsync(("app-1", Scenarios.AppCluster), ("app-2", Scenarios.AppCluster),
                ("cp-1", Scenarios.ControlPlane), ("app-3", Scenarios.AppCluster));
            await AtAsync(fleet["app-2"], $"{Konnector}:v1.3.1");
            await fleet["app-3"].StopAsync();

            await GoldenFile.MatchFormatsAsync("fleet-upgrade/mixed", ["upgrade", "konnector", "v1.3.1", "--all-contexts", "--yes", "--kubeconfig", fleet.KubeconfigPath],
                ExitCodes.Failed, fleet.Scrubber, [format], pinStderr: false);
        }
    }

    /// <summary>Sets the konnector's image as another tool would, and waits for its rollout to finish.</summary>
    private static async Task AtAsync(TestApiServer server, string image)
    {
        var deployment = server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!;
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        server.State.Put(deployment);
        await Settle.UntilAsync(server, $"konnector rolled out at {image}", state =>
            state.Get("apps/v1", "Deployment", "klutch-bind", "konnector") is { } d
            && (long?)d["status"]?["observedGeneration"] == (long?)d["metadata"]?["generation"]
            && (int?)d["status"]?["updatedReplicas"] == (int?)d["spec"]?["replicas"]
            && (int?)d["status"]?["availableReplicas"] == (int?)d["spec"]?["replicas"]
            && (int?)d["status"]?["replicas"] == (int?)d["spec"]?["replicas"]);
    }
}
