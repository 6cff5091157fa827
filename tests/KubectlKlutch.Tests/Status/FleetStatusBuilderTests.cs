using KubectlKlutch.Catalog;
using KubectlKlutch.Health;
using KubectlKlutch.Status;

namespace KubectlKlutch.Tests.Status;

/// <summary>Where a fleet stands, over hand-built cluster reports: the counts, the one line, the exit code.</summary>
public class FleetStatusBuilderTests
{
    private static StatusReport App(string context, string version, HealthState health = HealthState.Healthy, params string[] warnings) =>
        Cluster(context, warnings, ("konnector", version, health));

    private static StatusReport ControlPlane(string context, string provider, string dataServices, string backend) =>
        Cluster(context, [], ("crossplane", "v1.20.0", HealthState.Healthy), ("provider-anynines", provider, HealthState.Healthy),
            ("dataservices", dataServices, HealthState.Healthy), ("backend", backend, HealthState.Healthy), ("provider-kubernetes", "v0.15.0", HealthState.Healthy));

    private static StatusReport Cluster(string context, string[] warnings, params (string Name, string? Version, HealthState Health)[] components) => new()
    {
        Context = context,
        Server = $"https://{context}.test",
        Roles = [.. components.Select(c => ComponentCatalog.Find(c.Name)!).Where(c => c.KlutchRelease).Select(c => StatusBuilder.RoleName(c.Role)).Distinct()],
        Components = [.. components.Select(c => new ComponentStatus { Catalog = ComponentCatalog.Find(c.Name)!, Name = c.Name, Kind = "Deployment", Version = c.Version, Health = c.Health, Message = "" })],
        Warnings = warnings,
    };

    private static StatusReport WithoutKlutch(string context) => Cluster(context, []);

    private static StatusReport Unreachable(string context) => StatusBuilder.Unread(context, $"https://{context}.test", "cannot reach the API server");

    public static TheoryData<string, StatusReport[], string, int> Cases => new()
    {
        { "every cluster current", [App("a", "v1.3.0"), App("b", "v1.3.0")], "2 clusters: 2 current (v1.3.0)", ExitCodes.Success },
        { "one cluster", [App("a", "v1.3.1")], "1 cluster: 1 current (v1.3.1)", ExitCodes.Success },
        { "current is the newest found, not the registry's", [App("a", "v1.2.0"), App("b", "v1.2.2")], "2 clusters: 1 current (v1.2.2), 1 behind (v1.2.0)", ExitCodes.Success },
        {
            "the releases behind, newest first, each once",
            [App("a", "v1.1.0"), App("b", "v1.3.0"), App("c", "v1.2.0"), App("d", "v1.1.0")],
            "4 clusters: 1 current (v1.3.0), 3 behind (v1.2.0, v1.1.0)", ExitCodes.Success
        },
        {
            "a control plane half way through is at its oldest Klutch component",
            [ControlPlane("cp-1", "v1.3.0", "v1.2.0", "v1.3.0"), App("a", "v1.3.0")],
            "2 clusters: 1 current (v1.3.0), 1 behind (v1.2.0)", ExitCodes.Success
        },
        {
            "Crossplane and provider-kubernetes do not make a release",
            [ControlPlane("cp-1", "v1.3.0", "v1.3.0", "v1.3.0"), App("a", "v1.3.0")],
            "2 clusters: 2 current (v1.3.0)", ExitCodes.Success
        },
        {
            "versions that are no release",
            [App("a", "sha256:0123456789ab"), App("b", "v1.3.0")],
            "2 clusters: 1 current (v1.3.0), 1 of no known release", ExitCodes.Success
        },
        { "an unreachable cluster is the worst", [App("a", "v1.3.0", warnings: "x"), Unreachable("b"), WithoutKlutch("c")], "3 clusters: 1 current (v1.3.0), 1 not reachable, 1 without Klutch", ExitCodes.Failed },
        { "a cluster without Klutch is unhealthy", [App("a", "v1.3.0"), WithoutKlutch("b")], "2 clusters: 1 current (v1.3.0), 1 without Klutch", ExitCodes.Unhealthy },
        {
            "an unhealthy cluster still counts as current or behind",
            [App("a", "v1.3.0", HealthState.Degraded), App("b", "v1.2.0", HealthState.Missing), App("c", "v1.3.0")],
            "3 clusters: 2 current (v1.3.0), 1 behind (v1.2.0); 2 not healthy", ExitCodes.Unhealthy
        },
        { "warnings only", [App("a", "v1.3.0", warnings: "legacy namespace"), App("b", "v1.3.0")], "2 clusters: 2 current (v1.3.0)", ExitCodes.Warnings },
        { "nothing reachable", [Unreachable("a"), Unreachable("b")], "2 clusters: 2 not reachable", ExitCodes.Failed },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sums_up_the_fleet_in_one_line_and_one_exit_code(string _, StatusReport[] clusters, string line, int exitCode)
    {
        var report = FleetStatusBuilder.Build(clusters);
        Assert.Equal(clusters, report.Clusters);
        Assert.Equal(line, report.Summary.ToString());
        Assert.Equal(exitCode, report.Summary.ExitCode);
    }

    [Fact]
    public void The_summary_counts_what_the_line_says()
    {
        var summary = FleetStatusBuilder.Build([App("a", "v1.3.0"), App("b", "v1.2.0", HealthState.Degraded), App("c", "v1.1.0"), Unreachable("d"), WithoutKlutch("e")]).Summary;
        Assert.Equal(new FleetSummary
        {
            Clusters = 5, Newest = "v1.3.0", Current = 1, Behind = 2, BehindReleases = summary.BehindReleases, NotReachable = 1, WithoutKlutch = 1, Unhealthy = 1,
            ExitCode = ExitCodes.Failed,
        }, summary);
        Assert.Equal(["v1.2.0", "v1.1.0"], summary.BehindReleases);
    }

    [Fact]
    public void A_fleet_where_no_cluster_runs_a_release_has_no_newest()
    {
        var summary = FleetStatusBuilder.Build([WithoutKlutch("a"), Unreachable("b")]).Summary;
        Assert.Null(summary.Newest);
        Assert.Equal((0, 0), (summary.Current, summary.Behind));
    }

    [Theory]
    [InlineData(new[] { 0, 4, 3, 1 }, 1)]
    [InlineData(new[] { 0, 3, 4 }, 3)]
    [InlineData(new[] { 4, 0 }, 4)]
    [InlineData(new[] { 0, 0 }, 0)]
    [InlineData(new int[0], 0)]
    public void The_worst_exit_code_wins_in_the_order_1_3_4_0(int[] codes, int worst)
    {
        Assert.Equal(worst, FleetStatusBuilder.WorstExitCode(codes));
    }
}
