using System.Net;

namespace KubectlKlutch.TestCluster.Tests;

/// <summary>Fleet tests will run many clusters in one process; each must stay its own.</summary>
public sealed class FleetTests
{
    [FakeOnlyFact("starts fifty in-process servers")]
    public async Task Fifty_servers_run_side_by_side_with_separate_state()
    {
        var servers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            TestApiServer.StartAsync(i % 2 == 0 ? Scenarios.AppCluster : Scenarios.ControlPlane)));
        try
        {
            Assert.Equal(50, servers.Select(s => s.BaseAddress.Port).Distinct().Count());
            Assert.Equal(50, servers.Select(s => s.Token).Distinct().Count());
            servers[0].Faults.FailNext(100);
            servers[1].Rbac.Deny("*", "*", "*");
            await Task.WhenAll(servers.Skip(2).Select(async s =>
            {
                using var http = s.CreateHttpClient();
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/apis/apps/v1/deployments")).StatusCode);
            }));
            using var failing = servers[0].CreateHttpClient();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await failing.GetAsync("/apis/apps/v1/deployments")).StatusCode);
            using var denied = servers[1].CreateHttpClient();
            Assert.Equal(HttpStatusCode.Forbidden, (await denied.GetAsync("/apis/apps/v1/deployments")).StatusCode);

            var deployment = servers[2].State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!;
            deployment["metadata"]!["labels"]!["only"] = "here";
            servers[2].State.Put(deployment);
            Assert.Null(servers[4].State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!["metadata"]!["labels"]!["only"]);
        }
        finally
        {
            await Task.WhenAll(servers.Select(s => s.DisposeAsync().AsTask()));
        }
    }
}
