using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster.Tests;

/// <summary>Every fault the server can inject, shown happening.</summary>
public sealed class FaultTests
{
    private static async Task<TestApiServer> Start(string scenario = Scenarios.AppCluster, TestApiServerOptions? options = null) =>
        await TestApiServer.StartAsync(scenario, options);

    [FakeOnlyFact("injects faults into the in-process server")]
    public async Task Fail_next_answers_n_requests_with_a_status_then_recovers()
    {
        await using var server = await Start();
        using var http = server.CreateHttpClient();
        server.Faults.FailNext(2);
        for (var i = 0; i < 2; i++)
        {
            var failed = await http.GetAsync("/api/v1/namespaces");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            var status = JsonNode.Parse(await failed.Content.ReadAsStringAsync())!;
            Assert.Equal("Status", status["kind"]!.GetValue<string>());
            Assert.Equal("ServiceUnavailable", status["reason"]!.GetValue<string>());
            Assert.Equal(503, status["code"]!.GetValue<int>());
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/namespaces")).StatusCode);

        server.Faults.FailNext(1, 500);
        var internalError = await http.GetAsync("/apis/apps/v1/namespaces/klutch-bind/deployments/konnector");
        Assert.Equal(HttpStatusCode.InternalServerError, internalError.StatusCode);
        Assert.Contains("\"reason\":\"InternalError\"", await internalError.Content.ReadAsStringAsync());
        server.Faults.FailNext(1, 429);
        var throttled = await http.GetAsync("/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal([503, 503, 200, 500, 429], server.Requests.Select(r => r.StatusCode));
    }

    [FakeOnlyFact("injects faults into the in-process server")]
    public async Task Fail_next_reaches_kubectl_as_a_server_error()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        await cluster.KubectlOk("get", "deployments", "-n", "klutch-bind"); // fills kubectl's discovery cache
        cluster.Fake.Faults.FailNext(1, 500);
        var result = await cluster.Kubectl("get", "deployment", "konnector", "-n", "klutch-bind");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (InternalError): Internal error occurred: injected fault\n", result.Stderr);
    }

    [FakeOnlyFact("injects faults into the in-process server")]
    public async Task Latency_delays_every_request()
    {
        await using var server = await Start(Scenarios.Empty);
        using var http = server.CreateHttpClient();
        await http.GetAsync("/version");
        server.Faults.Latency = TimeSpan.FromMilliseconds(300);
        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/namespaces")).StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed}");
    }

    [FakeOnlyFact("injects faults into the in-process server")]
    public async Task Hang_accepts_but_never_answers_so_the_client_times_out()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.Empty);
        await cluster.KubectlOk("get", "namespaces");
        cluster.Fake.Faults.Hang = true;
        var watch = Stopwatch.StartNew();
        var result = await cluster.Kubectl("get", "namespaces", "--request-timeout=1s");
        Assert.Equal(1, result.ExitCode);
        // Go reports either "context deadline exceeded" or "net/http: request canceled (Client.Timeout ...)".
        Assert.Contains("Unable to connect to the server: ", result.Stderr);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        cluster.Fake.Faults.Hang = false;
        await cluster.KubectlOk("get", "namespaces");
    }

    [FakeOnlyFact("injects faults into the in-process server")]
    public async Task Conflict_on_next_write_fails_one_write_with_409()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        cluster.Fake.Faults.ConflictOnNextWrite();
        var result = await cluster.Kubectl("patch", "deployment", "konnector", "-n", "klutch-bind", "--type", "merge", "-p", "{\"spec\":{\"replicas\":3}}");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (Conflict): Operation cannot be fulfilled on deployments.apps \"konnector\": the object has been modified; please apply your changes to the latest version and try again\n", result.Stderr);
        await cluster.KubectlOk("patch", "deployment", "konnector", "-n", "klutch-bind", "--type", "merge", "-p", "{\"spec\":{\"replicas\":3}}");
    }

    [FakeOnlyFact("injects faults into the in-process server")]
    public async Task Stop_refuses_connections_and_restart_serves_the_same_state_on_the_same_port()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        var server = cluster.Fake;
        await cluster.KubectlOk("patch", "deployment", "konnector", "-n", "klutch-bind", "--type", "merge", "-p", "{\"metadata\":{\"labels\":{\"kept\":\"yes\"}}}");
        var address = server.BaseAddress;
        await server.StopAsync();
        var refused = await cluster.Kubectl("get", "deployments", "-n", "klutch-bind");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"The connection to the server 127.0.0.1:{address.Port} was refused - did you specify the right host or port?", refused.Stderr);

        await server.RestartAsync();
        Assert.Equal(address, server.BaseAddress);
        Assert.Equal("yes", await cluster.KubectlOk("get", "deployment", "konnector", "-n", "klutch-bind", "-o", "jsonpath={.metadata.labels.kept}"));
    }

    [FakeOnlyFact("injects faults into the in-process server")]
    public async Task Drop_watches_breaks_open_watches_and_a_resume_from_the_last_version_misses_nothing()
    {
        await using var server = await Start();
        using var http = server.CreateHttpClient();
        var list = JsonNode.Parse(await http.GetStringAsync("/apis/apps/v1/namespaces/klutch-bind/deployments"))!;
        var version = list["metadata"]!["resourceVersion"]!.GetValue<string>();

        using var response = await http.GetAsync(
            $"/apis/apps/v1/namespaces/klutch-bind/deployments?watch=true&resourceVersion={version}&fieldSelector=metadata.name%3Dkonnector",
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        await Patch(http, "{\"metadata\":{\"labels\":{\"step\":\"1\"}}}");
        var first = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal("MODIFIED", first["type"]!.GetValue<string>());
        var seen = first["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>();

        server.Faults.DropWatches();
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            while (await reader.ReadLineAsync() != null)
            {
            }
            throw new IOException("the stream ended cleanly instead of breaking");
        });

        await Patch(http, "{\"metadata\":{\"labels\":{\"step\":\"2\"}}}");
        using var resumed = await http.GetAsync(
            $"/apis/apps/v1/namespaces/klutch-bind/deployments?watch=true&resourceVersion={seen}&fieldSelector=metadata.name%3Dkonnector",
            HttpCompletionOption.ResponseHeadersRead);
        using var resumedReader = new StreamReader(await resumed.Content.ReadAsStreamAsync());
        var next = JsonNode.Parse((await resumedReader.ReadLineAsync())!)!;
        Assert.Equal("2", next["object"]!["metadata"]!["labels"]!["step"]!.GetValue<string>());
    }

    [FakeOnlyFact("injects faults into the in-process server")]
    public async Task Watch_from_a_version_older_than_the_history_gets_410_expired()
    {
        await using var server = await Start(options: new TestApiServerOptions { WatchHistory = 3 });
        using var http = server.CreateHttpClient();
        var list = JsonNode.Parse(await http.GetStringAsync("/apis/apps/v1/namespaces/klutch-bind/deployments"))!;
        var version = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        for (var i = 0; i < 5; i++)
        {
            await Patch(http, $"{{\"metadata\":{{\"labels\":{{\"step\":\"{i}\"}}}}}}");
        }
        using var response = await http.GetAsync($"/apis/apps/v1/namespaces/klutch-bind/deployments?watch=true&resourceVersion={version}",
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = JsonNode.Parse((await new StreamReader(await response.Content.ReadAsStreamAsync()).ReadLineAsync())!)!;
        Assert.Equal("ERROR", line["type"]!.GetValue<string>());
        Assert.Equal(410, line["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", line["object"]!["reason"]!.GetValue<string>());
        Assert.StartsWith($"too old resource version: {version} (", line["object"]!["message"]!.GetValue<string>());
    }

    private static async Task Patch(HttpClient http, string mergePatch)
    {
        using var content = new StringContent(mergePatch, Encoding.UTF8, "application/merge-patch+json");
        var response = await http.PatchAsync("/apis/apps/v1/namespaces/klutch-bind/deployments/konnector", content);
        response.EnsureSuccessStatusCode();
    }
}
