using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster.Tests;

/// <summary>The API semantics clients rely on, checked over raw HTTP and with kubectl.</summary>
public sealed class ProtocolTests
{
    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Starts_in_well_under_a_second_and_many_run_side_by_side()
    {
        await using (await TestApiServer.StartAsync(Scenarios.Empty))
        {
            // Warm-up: the first start pays for JIT and certificate creation.
        }
        var watch = Stopwatch.StartNew();
        var servers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => TestApiServer.StartAsync(Scenarios.ControlPlane)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"10 starts took {watch.Elapsed}");
        try
        {
            Assert.Equal(10, servers.Select(s => s.BaseAddress.Port).Distinct().Count());
            foreach (var s in servers)
            {
                using var http = s.CreateHttpClient();
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/apis/pkg.crossplane.io/v1/providers")).StatusCode);
            }
            var one = Stopwatch.StartNew();
            await using var single = await TestApiServer.StartAsync(Scenarios.AppAndControlPlane);
            Assert.True(one.Elapsed < TimeSpan.FromSeconds(1), $"start took {one.Elapsed}");
            Assert.True(File.Exists(single.KubeconfigPath));
            Assert.Equal("klutch-test", single.ContextName);
            var kubeconfig = await File.ReadAllTextAsync(single.KubeconfigPath);
            Assert.Contains($"server: https://127.0.0.1:{single.BaseAddress.Port}", kubeconfig);
            Assert.Contains($"token: {single.Token}", kubeconfig);
            Assert.Contains("certificate-authority-data: ", kubeconfig);
            Assert.Contains("current-context: klutch-test", kubeconfig);
        }
        finally
        {
            foreach (var s in servers)
            {
                await s.DisposeAsync();
            }
        }
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Options_token_is_used_and_others_are_refused()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.Empty, new TestApiServerOptions { Token = "fixed-token" });
        Assert.Equal("fixed-token", server.Token);
        using var http = server.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "other");
        var response = await http.GetAsync("/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"reason\":\"Unauthorized\"", await response.Content.ReadAsStringAsync());
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Discovery_lists_crossplane_groups_only_when_their_crds_exist()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.ControlPlane);
        using var http = server.CreateHttpClient();
        var groups = JsonNode.Parse(await http.GetStringAsync("/apis"))!["groups"]!.AsArray();
        var pkg = groups.Single(g => g!["name"]!.GetValue<string>() == "pkg.crossplane.io")!;
        Assert.Equal("v1", pkg["preferredVersion"]!["version"]!.GetValue<string>());
        Assert.Equal(["v1", "v1beta1"], pkg["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        var v1beta1 = JsonNode.Parse(await http.GetStringAsync("/apis/pkg.crossplane.io/v1beta1"))!;
        Assert.Equal(["functionrevisions", "functionrevisions/status", "functions", "functions/status"],
            v1beta1["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Order());
        Assert.Contains("\"gitVersion\":\"v1.32.0\"", await http.GetStringAsync("/version"));

        Assert.True(server.State.Delete("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "providers.pkg.crossplane.io"));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/apis/pkg.crossplane.io/v1/providers")).StatusCode);
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Strategic_merge_is_refused_for_custom_resources_with_415()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlane);
        var result = await cluster.Kubectl("patch", "provider.pkg.crossplane.io", "provider-anynines", "-p", "{\"spec\":{\"package\":\"x\"}}");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: application/strategic-merge-patch+json is not supported by pkg.crossplane.io/v1, Kind=Provider: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n", result.Stderr);
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Invalid_and_missing_objects_get_422_and_404()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        var invalid = await cluster.Kubectl("patch", "deployment", "konnector", "-n", "klutch-bind", "--type", "json", "-p",
            "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"\"}]");
        Assert.Equal("The Deployment \"konnector\" is invalid: spec.template.spec.containers[0].image: Required value\n", invalid.Stderr);
        var missing = await cluster.Kubectl("get", "deployment", "nope", "-n", "klutch-bind");
        Assert.Equal("Error from server (NotFound): deployments.apps \"nope\" not found\n", missing.Stderr);
        var noNamespace = await cluster.Kubectl("get", "deployment", "konnector", "-n", "nowhere");
        // kubectl 1.32 follows a 404 with a GET of the namespace and reports that instead.
        Assert.Equal("Error from server (NotFound): namespaces \"nowhere\" not found\n", noNamespace.Stderr);
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Update_with_a_stale_resource_version_is_a_409_conflict()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.AppCluster);
        using var http = server.CreateHttpClient();
        const string url = "/apis/apps/v1/namespaces/klutch-bind/deployments/konnector";
        var current = JsonNode.Parse(await http.GetStringAsync(url))!.AsObject();
        var stale = current.DeepClone().AsObject();
        current["spec"]!["replicas"] = 3;
        var ok = await http.PutAsync(url, new StringContent(current.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var updated = JsonNode.Parse(await ok.Content.ReadAsStringAsync())!;
        Assert.Equal(2, updated["metadata"]!["generation"]!.GetValue<long>());

        stale["spec"]!["replicas"] = 5;
        var conflict = await http.PutAsync(url, new StringContent(stale.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("the object has been modified", await conflict.Content.ReadAsStringAsync());

        // A merge patch carrying a resourceVersion is a precondition too.
        var patch = new StringContent($"{{\"metadata\":{{\"resourceVersion\":\"{stale["metadata"]!["resourceVersion"]}\"}},\"spec\":{{\"replicas\":6}}}}",
            Encoding.UTF8, "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.Conflict, (await http.PatchAsync(url, patch)).StatusCode);
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Generation_moves_with_spec_only()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.ControlPlane);
        using var http = server.CreateHttpClient();
        const string url = "/apis/pkg.crossplane.io/v1/providers/provider-kubernetes";
        async Task<long> Patch(string body)
        {
            var response = await http.PatchAsync(url, new StringContent(body, Encoding.UTF8, "application/merge-patch+json"));
            response.EnsureSuccessStatusCode();
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["metadata"]!["generation"]!.GetValue<long>();
        }
        Assert.Equal(1, await Patch("{\"metadata\":{\"annotations\":{\"a\":\"b\"}}}"));
        Assert.Equal(2, await Patch("{\"spec\":{\"revisionHistoryLimit\":3}}"));
        // Status written through the main resource is ignored (status subresource), so nothing changes.
        Assert.Equal(2, await Patch("{\"status\":{\"currentIdentifier\":\"forged\"}}"));
        Assert.Equal("xpkg.upbound.io/crossplane-contrib/provider-kubernetes:v0.14.1",
            server.State.Get("pkg.crossplane.io/v1", "Provider", null, "provider-kubernetes")!["status"]!["currentIdentifier"]!.GetValue<string>());
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Dry_run_all_returns_the_result_without_storing_it()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.ControlPlane);
        using var http = server.CreateHttpClient();
        var before = server.State.Get("pkg.crossplane.io/v1", "Provider", null, "provider-anynines")!.ToJsonString();
        var response = await http.PatchAsync("/apis/pkg.crossplane.io/v1/providers/provider-anynines?dryRun=All",
            new StringContent("{\"spec\":{\"package\":\"example.com/p:v2\"}}", Encoding.UTF8, "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("example.com/p:v2", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["spec"]!["package"]!.GetValue<string>());
        Assert.Equal(before, server.State.Get("pkg.crossplane.io/v1", "Provider", null, "provider-anynines")!.ToJsonString());
        var delete = await http.DeleteAsync("/apis/apps/v1/namespaces/bind/deployments/anynines-backend?dryRun=All");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.NotNull(server.State.Get("apps/v1", "Deployment", "bind", "anynines-backend"));
        Assert.Equal(0, server.Writes);
        Assert.All(server.Requests.Where(r => r.Verb is "patch" or "delete"), r => Assert.True(r.DryRun));
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Requests_are_recorded_with_verb_resource_and_status()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.AppCluster);
        using var http = server.CreateHttpClient();
        await http.GetAsync("/apis/apps/v1/namespaces/klutch-bind/deployments/konnector");
        await http.GetAsync("/apis/apps/v1/deployments?labelSelector=app%3Dkonnector");
        await http.PatchAsync("/apis/apps/v1/namespaces/klutch-bind/deployments/konnector",
            new StringContent("{\"metadata\":{\"labels\":{\"x\":\"y\"}}}", Encoding.UTF8, "application/merge-patch+json"));
        var requests = server.Requests;
        Assert.Equal(("get", "apps", "deployments", "klutch-bind", "konnector", 200),
            (requests[0].Verb, requests[0].Group, requests[0].Resource, requests[0].Namespace, requests[0].Name, requests[0].StatusCode));
        Assert.Equal(("list", (string?)null, "labelSelector=app%3Dkonnector"), (requests[1].Verb, requests[1].Namespace, requests[1].Query));
        Assert.Equal(("PATCH", "patch", false), (requests[2].Method, requests[2].Verb, requests[2].DryRun));
        Assert.Equal(1, server.Writes);
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Access_and_subject_reviews_answer_from_the_rbac_rules()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppAndControlPlane);
        cluster.Fake.Rbac.Deny("patch", "deployments", "apps");
        cluster.Fake.Rbac.Deny("*", "providerconfigs", "dataservices.anynines.com");
        Assert.Equal("no\n", (await cluster.Kubectl("auth", "can-i", "patch", "deployments.apps", "-n", "klutch-bind")).Stdout);
        Assert.Equal("yes\n", (await cluster.Kubectl("auth", "can-i", "get", "deployments.apps", "-n", "klutch-bind")).Stdout);
        Assert.Equal("no\n", (await cluster.Kubectl("auth", "can-i", "list", "providerconfigs.dataservices.anynines.com")).Stdout);
        Assert.Contains("Username    klutch-tester", await cluster.KubectlOk("auth", "whoami"));

        using var http = cluster.Fake.CreateHttpClient();
        var review = await http.PostAsync("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", new StringContent(
            "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"spec\":{\"resourceAttributes\":{\"verb\":\"patch\",\"group\":\"apps\",\"resource\":\"deployments\",\"namespace\":\"klutch-bind\"}}}",
            Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, review.StatusCode);
        Assert.False(JsonNode.Parse(await review.Content.ReadAsStringAsync())!["status"]!["allowed"]!.GetValue<bool>());
        var whoami = await http.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews", new StringContent(
            "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}", Encoding.UTF8, "application/json"));
        Assert.Equal("klutch-tester", JsonNode.Parse(await whoami.Content.ReadAsStringAsync())!["status"]!["userInfo"]!["username"]!.GetValue<string>());
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Create_and_delete_through_kubectl_with_garbage_collection()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        Assert.Equal("namespace/scratch created\n", await cluster.KubectlOk("create", "namespace", "scratch"));
        Assert.Equal("namespace/scratch\n", await cluster.KubectlOk("get", "namespace", "scratch", "-o", "name"));
        var exists = await cluster.Kubectl("create", "namespace", "scratch");
        Assert.Equal("Error from server (AlreadyExists): namespaces \"scratch\" already exists\n", exists.Stderr);

        Assert.Equal("deployment.apps \"konnector\" deleted\n", await cluster.KubectlOk("delete", "deployment", "konnector", "-n", "klutch-bind"));
        Assert.Empty(cluster.Fake.State.List("apps/v1", "ReplicaSet", "klutch-bind"));
        Assert.Empty(cluster.Fake.State.List("v1", "Pod", "klutch-bind"));
        await cluster.KubectlOk("delete", "namespace", "klutch-bind");
        Assert.Empty(cluster.Fake.State.List("v1", "ServiceAccount", "klutch-bind"));
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Watch_without_a_version_replays_current_objects_then_follows_changes()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.TwoKonnectors);
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync("/apis/apps/v1/deployments?watch=1&labelSelector=app%20in%20(konnector)",
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        var second = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal(["ADDED", "ADDED"], new[] { first, second }.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal(["klutch-bind", "kube-bind"], new[] { first, second }.Select(e => e["object"]!["metadata"]!["namespace"]!.GetValue<string>()));
        Assert.True(server.State.Delete("apps/v1", "Deployment", "kube-bind", "konnector"));
        var deleted = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal("DELETED", deleted["type"]!.GetValue<string>());
        Assert.Equal("kube-bind", deleted["object"]!["metadata"]!["namespace"]!.GetValue<string>());
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task State_put_emits_watch_events_and_controllers_react()
    {
        await using var server = await TestApiServer.StartAsync(Scenarios.AppCluster, new TestApiServerOptions { StepInterval = TimeSpan.FromMilliseconds(20) });
        var deployment = server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!;
        deployment["spec"]!["replicas"] = 4;
        var stored = server.State.Put(deployment);
        Assert.Equal(2, stored["metadata"]!["generation"]!.GetValue<long>());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline &&
               server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!["status"]!["availableReplicas"]!.GetValue<long>() != 4)
        {
            await Task.Delay(20);
        }
        Assert.Equal(4, server.State.List("v1", "Pod", "klutch-bind").Count);
    }

    [FakeOnlyFact("checks the in-process server itself (its state, request log or start-up)")]
    public async Task Server_side_apply_creates_then_merges()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlane);
        const string provider = """{"apiVersion":"pkg.crossplane.io/v1","kind":"Provider","metadata":{"name":"provider-anynines"},"spec":{"package":"public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.2"}}""";
        var applied = await cluster.KubectlWithInput(provider, "apply", "--server-side", "-f", "-");
        Assert.Equal("provider.pkg.crossplane.io/provider-anynines serverside-applied\n", applied.Stdout);
        var stored = cluster.Fake.State.Get("pkg.crossplane.io/v1", "Provider", null, "provider-anynines")!;
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.2", stored["spec"]!["package"]!.GetValue<string>());
        Assert.Equal("Automatic", stored["spec"]!["revisionActivationPolicy"]!.GetValue<string>()); // merged, not replaced

        const string config = """{"apiVersion":"dataservices.anynines.com/v1","kind":"ProviderConfig","metadata":{"name":"mongodb-service-broker"},"spec":{"serviceType":"MongoDB"}}""";
        Assert.Equal("providerconfig.dataservices.anynines.com/mongodb-service-broker serverside-applied\n",
            (await cluster.KubectlWithInput(config, "apply", "--server-side", "-f", "-")).Stdout);
        Assert.NotNull(cluster.Fake.State.Get("dataservices.anynines.com/v1", "ProviderConfig", null, "mongodb-service-broker"));
    }
}
