using System.Diagnostics;
using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;
using static KubectlKlutch.Tests.Integration.KubeconfigEdits;

namespace KubectlKlutch.Tests.Integration;

/// <summary>`status` when things are wrong: in the cluster, or between the plugin and the cluster.</summary>
public class StatusFaultTests
{
    private const string Konnector = "public.ecr.aws/w5n9a2g2/klutch/konnector";

    [Fact]
    public async Task A_rollout_stuck_pulling_a_missing_image_is_degraded_naming_the_pod()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Images.MarkMissing($"{Konnector}:v9.9.9");
        await SetImage(server, $"{Konnector}:v9.9.9");
        await Task.Delay(400); // the controller creates the new pods, which then fail to pull

        var run = await Klutch.RunAsync(server, "status");
        Assert.Equal(3, run.ExitCode);
        var row = run.Row("konnector");
        Assert.Equal(["konnector", "klutch-bind/konnector", "v1.3.0 -> v9.9.9", "Degraded"], row[..4]);
        Assert.Matches(@"^pod konnector-[a-z0-9]+-[a-z0-9]+: (ErrImagePull|ImagePullBackOff)", run.State("konnector"));
    }

    [Fact]
    public async Task A_package_pointed_at_a_missing_tag_is_degraded_despite_its_healthy_conditions()
    {
        const string missing = "public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v9.9.9";
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        server.Images.MarkPackageMissing(missing);
        await Golden.Settle.PackageNotInEffectAsync(server, "pkg.crossplane.io/v1", "Provider", "provider-anynines", missing);

        var run = await Klutch.RunAsync(server, "status", "-o", "json");
        Assert.Equal(3, run.ExitCode);
        var component = JsonNode.Parse(run.Stdout)!["components"]!.AsArray().Single(c => (string)c!["name"]! == "provider-anynines")!;
        Assert.Equal("Degraded", (string)component["health"]!);
        Assert.Equal("True", (string)component["healthy"]!["status"]!); // the trap: the old revision still reports Healthy
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0", (string)component["currentPackage"]!);
        Assert.Equal($"requests {missing} but still runs public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0: Provider provider-anynines cannot install it (UnpackingPackage: cannot unpack package: failed to fetch package digest from remote: GET https://public.ecr.aws/v2/w5n9a2g2/klutch/provider-anynines/manifests/v9.9.9: MANIFEST_UNKNOWN: Requested image not found)", (string)component["message"]!);
        Assert.Equal("v9.9.9", (string)component["version"]!);
        Assert.Equal("v1.3.0", (string)component["running"]!);
        Assert.Contains($"provider-anynines requests {missing} but its active revision runs public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0: the upgrade has not taken effect",
            JsonNode.Parse(run.Stdout)!["warnings"]!.AsArray().Select(w => (string)w!));
    }

    [Fact]
    public async Task A_control_plane_without_its_backend_reports_it_missing()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        server.State.Delete("apps/v1", "Deployment", "bind", "anynines-backend");
        var run = await Klutch.RunAsync(server, "status");
        Assert.Equal(3, run.ExitCode);
        Assert.Equal(["backend", "-", "-", "Missing", "-"], run.Row("backend")[..5]);
        Assert.Equal("not found: no Deployment anynines-backend or klutch-bind-backend (label app=anynines-backend) in any namespace", run.State("backend"));
    }

    [Fact]
    public async Task What_RBAC_forbids_is_marked_not_readable_and_the_rest_is_shown()
    {
        await using var server = await Klutch.StartAsync(Scenarios.ControlPlane);
        server.Rbac.Deny("list", "configurations", "pkg.crossplane.io");
        var run = await Klutch.RunAsync(server, "status");
        // Not readable is not unhealthy: the view is incomplete (exit 4), and says so.
        Assert.Equal(4, run.ExitCode);
        Assert.Contains("Warning: the view is incomplete: not allowed to look for dataservices in the cluster", run.Stderr);
        Assert.Equal(["provider-anynines", "provider-anynines", "v1.3.0", "Healthy"], run.Row("provider-anynines")[..4]);
        var row = run.Row("dataservices");
        Assert.Equal(["dataservices", "-", "-", "Unknown", "-"], row[..5]);
        Assert.StartsWith("not readable: ", run.State("dataservices"));
        Assert.Contains("configurations", run.State("dataservices"));
        Assert.EndsWith("(403 Forbidden): ask your cluster administrator for this permission", run.State("dataservices"));
    }

    [Fact]
    public async Task Reads_are_retried_on_503_and_then_succeed()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Faults.FailNext(2);
        var run = await Klutch.RunAsync(server, "status");
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task A_server_that_keeps_failing_is_one_clear_error()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Faults.FailNext(1000);
        var run = await Klutch.RunAsync(server, "status");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Matches(@"^error: the API server at https://127\.0\.0\.1:\d+ answered 503 Service Unavailable to 3 attempts to read /apis/apps/v1/deployments\?[^ ]+( \(.*\))?: try again later\n$", run.Stderr);
    }

    [Fact]
    public async Task An_unreachable_server_is_named()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        await server.StopAsync();
        var run = await Klutch.RunAsync(server, "status");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: cannot reach the API server at {server.BaseAddress.ToString().TrimEnd('/')} (connection refused): check that the cluster is running and that context \"klutch-test\" points at it\n", run.Stderr);
    }

    [Fact]
    public async Task A_hung_server_costs_the_request_timeout_not_a_hang()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Faults.Hang = true;
        var clock = Stopwatch.StartNew();
        var run = await Klutch.RunAsync(server, "status", "--request-timeout", "1s");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: the API server at {server.BaseAddress.ToString().TrimEnd('/')} did not answer within 1s: check the network, or raise --request-timeout\n", run.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}"); // a guard against a hang, not a benchmark
    }

    [Fact]
    public async Task Rejected_credentials_are_one_clear_error()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var kubeconfig = Path.Combine(Path.GetDirectoryName(server.KubeconfigPath)!, "wrong-token");
        File.WriteAllText(kubeconfig, File.ReadAllText(server.KubeconfigPath).Replace(server.Token, "not-the-token"));
        var run = await Klutch.RunAsync(["status", "--kubeconfig", kubeconfig]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: the API server at {server.BaseAddress.ToString().TrimEnd('/')} rejected the credentials of user \"klutch-tester\" (401 Unauthorized): log in again or refresh the credentials in the kubeconfig\n", run.Stderr);
        Assert.DoesNotContain("not-the-token", run.Stderr);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused_never_skipped()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        // The kubeconfig trusts another CA: the connection must fail, not fall back to insecure.
        var kubeconfig = Path.Combine(Path.GetDirectoryName(server.KubeconfigPath)!, "wrong-ca");
        File.WriteAllText(kubeconfig, File.ReadAllText(server.KubeconfigPath).Replace(CaData(server), Base64(ForeignCaPem())));
        var run = await Klutch.RunAsync(["status", "--kubeconfig", kubeconfig]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: the API server at {server.BaseAddress.ToString().TrimEnd('/')} presented a certificate that the kubeconfig of cluster \"klutch-test\" does not trust: fix its certificate-authority-data (TLS verification is skipped only when the kubeconfig sets insecure-skip-tls-verify)\n", run.Stderr);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("localhost", 0)]
    [InlineData("elsewhere.example", 1)]
    public async Task The_certificate_must_name_the_server_the_kubeconfig_expects(string serverName, int exitCode)
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var kubeconfig = Path.Combine(Path.GetDirectoryName(server.KubeconfigPath)!, "server-name");
        File.WriteAllText(kubeconfig, File.ReadAllText(server.KubeconfigPath)
            .Replace($"certificate-authority-data: {CaData(server)}", $"certificate-authority-data: {CaData(server)}\n    tls-server-name: {serverName}"));
        var run = await Klutch.RunAsync(["status", "--kubeconfig", kubeconfig]);
        Assert.True(run.ExitCode == exitCode, run.ToString());
        if (exitCode == 1) Assert.Contains("presented a certificate that the kubeconfig of cluster \"klutch-test\" does not trust", run.Stderr);
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_in_the_kubeconfig_is_honoured()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var kubeconfig = Path.Combine(Path.GetDirectoryName(server.KubeconfigPath)!, "insecure");
        File.WriteAllText(kubeconfig, File.ReadAllText(server.KubeconfigPath).Replace($"certificate-authority-data: {CaData(server)}", "insecure-skip-tls-verify: true"));
        var run = await Klutch.RunAsync(["status", "--kubeconfig", kubeconfig]);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task An_unknown_context_is_bad_input()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await Klutch.RunAsync(server, "status", "--context", "prod");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: context \"prod\" is not in {server.KubeconfigPath}: known contexts are klutch-test; pass one of them with --context\n", run.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Verbose_logs_each_request_but_never_the_token()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var run = await Klutch.RunAsync(server, "status", "-v=6");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"I GET https://127\.0\.0\.1:\d+/apis/apps/v1/deployments\?fieldSelector=metadata\.name%3Dkonnector 200 OK in \d+ ms", run.Stderr);
        Assert.DoesNotContain(server.Token, run.Stderr + run.Stdout);
    }

    [Fact]
    public async Task Without_the_right_to_list_across_namespaces_the_known_namespaces_are_read_one_by_one()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        server.Rbac.Deny("list", "deployments", "apps");
        var run = await Klutch.RunAsync(server, "status");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["konnector", "klutch-bind/konnector", "v1.3.0", "Healthy"], run.Row("konnector")[..4]);
    }

    private static async Task SetImage(TestApiServer server, string image)
    {
        var deployment = server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!;
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        server.State.Put(deployment);
        await Task.Yield();
    }
}
