using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>`status` against every generation of Klutch cluster the test server seeds.</summary>
public class StatusScenarioTests
{
    private static async Task<CliRun> Status(string scenario, params string[] args)
    {
        await using var server = await Klutch.StartAsync(scenario);
        return await Klutch.RunAsync(server, ["status", .. args]);
    }

    [Fact]
    public async Task An_app_cluster_at_v1_3_0_is_healthy()
    {
        var run = await Status(Scenarios.AppCluster);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Context klutch-test (https://127.0.0.1:", run.Stdout);
        Assert.Contains("): app cluster\n", run.Stdout);
        Assert.Equal(["konnector", "klutch-bind/konnector", "v1.3.0", "Healthy", "3 hours ago", "2/2 replicas available"], run.Row("konnector"));
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task A_legacy_app_cluster_warns_about_namespace_and_image_prefix()
    {
        var run = await Status(Scenarios.LegacyAppCluster);
        Assert.Equal(4, run.ExitCode);
        Assert.Equal(["konnector", "kube-bind/konnector", "v1.2.0", "Healthy", "3 hours ago", "2/2 replicas available"], run.Row("konnector"));
        Assert.Contains("Warning: konnector runs in namespace kube-bind, the layout of releases before v1.3.0 (now klutch-bind); new bindings will place it in klutch-bind\n", run.Stderr);
        Assert.Contains("Warning: konnector uses the repository public.ecr.aws/w5n9a2g2/anynines/konnector of releases before v1.3.0, which has no newer tags; an upgrade moves it to the klutch path on the same registry\n", run.Stderr);
    }

    [Fact]
    public async Task The_product_pages_layout_is_found_in_the_bind_namespace()
    {
        var run = await Status(Scenarios.ProductPageAppCluster);
        Assert.Equal(4, run.ExitCode);
        Assert.Equal(["konnector", "bind/konnector", "v1.2.1", "Healthy"], run.Row("konnector")[..4]);
    }

    [Fact]
    public async Task Two_konnectors_at_once_are_both_shown_and_the_old_one_named_for_deletion()
    {
        var run = await Status(Scenarios.TwoKonnectors);
        Assert.Equal(4, run.ExitCode);
        var rows = run.Stdout.Split('\n').Where(l => l.StartsWith("konnector ")).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("klutch-bind/konnector   v1.3.0", rows[0]);
        Assert.Contains("kube-bind/konnector     v1.2.0", rows[1]);
        Assert.Contains("Warning: 2 konnector Deployments run at once (klutch-bind/konnector v1.3.0, kube-bind/konnector v1.2.0): only the one in klutch-bind should run; delete the others with 'kubectl delete -n kube-bind deployment konnector'\n", run.Stderr);
    }

    [Fact]
    public async Task A_control_plane_at_v1_3_0_shows_every_component_healthy()
    {
        var run = await Status(Scenarios.ControlPlane);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("): control plane\n", run.Stdout);
        // The default table keeps to 120 columns: the state is cut there, and whole in -o wide.
        Assert.Equal(["crossplane", "crossplane-system/crossplane", "v1.17.1", "Healthy", "3 hours ago"], run.Row("crossplane")[..5]);
        Assert.StartsWith("1/1 replicas available", run.Row("crossplane")[5]);
        Assert.All(run.Stdout.Split('\n'), line => Assert.True(line.Length <= 120, line));
        Assert.Equal(["provider-anynines", "provider-anynines", "v1.3.0", "Healthy"], run.Row("provider-anynines")[..4]);
        Assert.Equal(["dataservices", "anynines-dataservices", "v1.3.0", "Healthy"], run.Row("dataservices")[..4]);
        Assert.Equal(["backend", "bind/anynines-backend", "v1.3.0", "Healthy", "3 hours ago", "1/1 replicas available"], run.Row("backend"));
        Assert.Equal(["provider-kubernetes", "provider-kubernetes", "v0.14.1", "Healthy"], run.Row("provider-kubernetes")[..4]);
        Assert.Equal(["function-patch-and-transform", "function-patch-and-transform", "v0.7.0", "Healthy"], run.Row("function-patch-and-transform")[..4]);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task A_control_plane_half_way_through_an_update_says_so()
    {
        var run = await Status(Scenarios.ControlPlaneMidway);
        Assert.Equal(4, run.ExitCode);
        Assert.Equal(["dataservices", "w5n9a2g2-anynines-dataservices", "v1.2.0", "Healthy"], run.Row("dataservices")[..4]);
        Assert.Contains("Warning: components of this cluster run different Klutch versions (provider-anynines v1.3.0, dataservices v1.2.0, backend v1.2.0): finish the update so that all run the same release\n", run.Stderr);
    }

    [Fact]
    public async Task A_cluster_without_Klutch_says_so_plainly()
    {
        var run = await Status(Scenarios.Empty);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("): no Klutch\n", run.Stdout);
        Assert.Contains("No Klutch component found: this cluster is neither an app cluster (konnector) nor a control plane (provider-anynines, dataservices, backend).\n", run.Stdout);
    }

    [Fact]
    public async Task A_cluster_that_is_both_shows_both_roles()
    {
        var run = await Status(Scenarios.AppAndControlPlane, "-o", "json");
        Assert.Equal(0, run.ExitCode);
        var json = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(["app-cluster", "control-plane"], json["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(["konnector", "crossplane", "provider-anynines", "dataservices", "backend", "provider-kubernetes", "function-patch-and-transform"],
            json["components"]!.AsArray().Select(c => (string)c!["name"]!));
    }

    [Fact]
    public async Task Json_has_the_documented_shape()
    {
        var run = await Status(Scenarios.AppCluster, "-o", "json");
        Assert.Equal(0, run.ExitCode);
        var json = JsonNode.Parse(run.Stdout)!.AsObject();
        Assert.Equal("klutch-test", (string)json["context"]!);
        Assert.StartsWith("https://127.0.0.1:", (string)json["server"]!);
        var konnector = json["components"]![0]!.AsObject();
        Assert.Equal("konnector", (string)konnector["name"]!);
        Assert.Equal("Deployment", (string)konnector["kind"]!);
        Assert.Equal("klutch-bind", (string)konnector["namespace"]!);
        Assert.Equal("konnector", (string)konnector["objectName"]!);
        Assert.Equal("v1.3.0", (string)konnector["version"]!);
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", (string)konnector["image"]!);
        Assert.Equal("public.ecr.aws", (string)konnector["registry"]!);
        Assert.Equal("w5n9a2g2/klutch/konnector", (string)konnector["repository"]!);
        Assert.Equal("Healthy", (string)konnector["health"]!);
        Assert.Equal("2/2 replicas available", (string)konnector["message"]!);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)konnector["updatedAt"]!);
        Assert.Equal(2, (int)konnector["rollout"]!["available"]!);
        Assert.Empty(json["warnings"]!.AsArray());
    }

    [Fact]
    public async Task Yaml_carries_the_same_object()
    {
        var run = await Status(Scenarios.AppCluster, "-o", "yaml");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("roles:\n- app-cluster\ncomponents:\n- name: konnector\n  kind: Deployment\n  namespace: klutch-bind\n", run.Stdout);
        Assert.Contains("  image: \"public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0\"\n", run.Stdout);
    }

    [Fact]
    public async Task Wide_adds_kind_image_and_replica_counts_after_the_default_columns()
    {
        var table = await Status(Scenarios.AppCluster);
        var run = await Status(Scenarios.AppCluster, "-o", "wide");
        var row = run.Row("konnector");
        Assert.Equal(table.Row("konnector"), row[..6]);
        Assert.Equal("Deployment", row[6]);
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", row[7]);
        Assert.Equal("2 desired, 2 updated, 2 ready, 2 available", row[8]);
    }
}
