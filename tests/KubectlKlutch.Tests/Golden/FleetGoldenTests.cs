using KubectlKlutch.TestCluster;
using KubectlKlutch.Tests.Integration;

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
        await using var current = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var behind = await Klutch.StartAsync(Scenarios.LegacyAppCluster);
        await using var controlPlane = await Klutch.StartAsync(Scenarios.ControlPlane);
        await using var down = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(current.As("app-eu-1"), behind.As("app-eu-2"), controlPlane.As("cp-prod"), down.As("app-down"));
        var scrubber = new Scrubber().Server(current, "app-eu-1").Server(behind, "app-eu-2").Server(controlPlane, "cp-prod").Server(down, "app-down").Kubeconfig(kubeconfig.Path);
        await down.StopAsync();

        await GoldenFile.MatchFormatsAsync("fleet-status/mixed", ["status", "--all-contexts", "--kubeconfig", kubeconfig.Path], ExitCodes.Failed, scrubber,
            [GoldenFormat.Table, GoldenFormat.Json, GoldenFormat.Yaml]);
    }

    [Fact]
    public async Task Fleet_upgrade_is_pinned()
    {
        foreach (var format in new[] { GoldenFormat.Json, GoldenFormat.Yaml })
        {
            await using var behind = await Klutch.StartAsync(Scenarios.AppCluster);
            await using var current = await Klutch.StartAsync(Scenarios.AppCluster);
            await using var controlPlane = await Klutch.StartAsync(Scenarios.ControlPlane);
            await using var down = await Klutch.StartAsync(Scenarios.AppCluster);
            using var kubeconfig = FleetKubeconfig.Write(behind.As("app-1"), current.As("app-2"), controlPlane.As("cp-1"), down.As("app-3"));
            var scrubber = new Scrubber().Server(behind, "app-1").Server(current, "app-2").Server(controlPlane, "cp-1").Server(down, "app-3").Kubeconfig(kubeconfig.Path);
            await AtAsync(current, $"{Konnector}:v1.3.1");
            await down.StopAsync();

            await GoldenFile.MatchFormatsAsync("fleet-upgrade/mixed", ["upgrade", "konnector", "v1.3.1", "--all-contexts", "--yes", "--kubeconfig", kubeconfig.Path],
                ExitCodes.Failed, scrubber, [format], pinStderr: false);
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
