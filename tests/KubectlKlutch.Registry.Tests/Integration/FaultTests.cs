using KubectlKlutch.TestRegistry;
using System.Diagnostics;
using System.Text;
using KubectlKlutch.Registry;
using KubectlKlutch.Registry.Tests.Infrastructure;
using KubectlKlutch.Settings;
using KubectlKlutch.Versions;
using Microsoft.AspNetCore.Http;

namespace KubectlKlutch.Registry.Tests.Integration;

public sealed class FakeRegistryFixture : IAsyncLifetime
{
    internal FakeRegistry Server { get; private set; } = null!;
    public async Task InitializeAsync() => Server = await FakeRegistry.StartAsync();
    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Faults that a real registry does not produce on demand, from a scripted server on loopback.</summary>
public sealed class FaultTests(FakeRegistryFixture fixture) : IClassFixture<FakeRegistryFixture>
{
    private const string Repo = "w5n9a2g2/klutch/konnector";
    private FakeRegistry Server => fixture.Server;
    private string Host => Server.Host;
    private ImageReference Konnector => ImageReference.Parse($"{Host}/{Repo}");

    private RegistryClient Client(TimeSpan? timeout = null, TimeSpan? maxRetryAfter = null, int pageSize = 1000, CountingHandler? counter = null)
    {
        var settings = Seed.Settings(Host) with { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        var client = Seed.Client(settings, pageSize: pageSize, counter: counter);
        return maxRetryAfter is null ? client : new RegistryClient(HttpFor(settings, counter), settings) { MaxRetryAfter = maxRetryAfter.Value, PageSize = pageSize };
    }

    private static HttpClient HttpFor(RegistrySettings settings, CountingHandler? counter)
    {
        HttpMessageHandler handler = RegistryHandler.Create(settings);
        if (counter is not null) { counter.InnerHandler = handler; handler = counter; }
        return new HttpClient(handler);
    }

    private static Task Json(HttpContext c, string body, int status = 200)
    {
        c.Response.StatusCode = status;
        c.Response.ContentType = "application/json";
        return c.Response.WriteAsync(body);
    }

    private static string Page(params string[] tags) => $$"""{"name":"{{Repo}}","tags":[{{string.Join(",", tags.Select(t => $"\"{t}\""))}}]}""";

    [Fact]
    public async Task Pages_are_followed_through_relative_and_absolute_links()
    {
        Server.Reset(c =>
        {
            var last = c.Request.Query["last"].ToString();
            switch (last)
            {
                case "":
                    c.Response.Headers.Link = $"</v2/{Repo}/tags/list?n=2&last=v1.2.1>; rel=\"next\"";
                    return Json(c, Page("v1.2.0", "v1.2.1"));
                case "v1.2.1":
                    c.Response.Headers.Link = $"<http://{Host}/v2/{Repo}/tags/list?n=2&last=v1.3.1>; rel=next";
                    return Json(c, Page("v1.3.0", "v1.3.1"));
                default:
                    return Json(c, Page("v1.10.0", "latest"));
            }
        });
        var counter = new CountingHandler();
        var tags = await Client(pageSize: 2, counter: counter).ListTagsAsync(Konnector, CancellationToken.None);
        Assert.Equal(["v1.2.0", "v1.2.1", "v1.3.0", "v1.3.1", "v1.10.0", "latest"], tags);
        Assert.Equal(3, counter.Requests.Count);
        Assert.Equal($"GET /v2/{Repo}/tags/list?n=2", counter.Requests[0]);
    }

    [Fact]
    public async Task A_page_loop_is_stopped_and_named()
    {
        Server.Reset(c =>
        {
            c.Response.Headers.Link = c.Request.Query["last"] == "b"
                ? $"</v2/{Repo}/tags/list?n=2&last=a>; rel=\"next\""
                : $"</v2/{Repo}/tags/list?n=2&last=b>; rel=\"next\"";
            return Json(c, Page("a", "b"));
        });
        var e = await Assert.ThrowsAsync<RegistryException>(() => Client(pageSize: 2).ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.PageLoop, e.Failure);
        Assert.Equal($"Registry {Host} sent tag list pages for {Repo} that loop (the next-page link /v2/{Repo}/tags/list?n=2&last=b came twice); stopped paging, report this to the registry's operator.", e.Message);
        Assert.Equal(3, Server.Requests);
    }

    [Fact]
    public async Task A_next_link_to_another_server_is_refused()
    {
        Server.Reset(c =>
        {
            c.Response.Headers.Link = "<http://127.0.0.2:1/v2/x/tags/list?last=b>; rel=\"next\"";
            return Json(c, Page("a"));
        });
        var e = await Assert.ThrowsAsync<RegistryException>(() => Client().ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Malformed, e.Failure);
        Assert.Equal($"Registry {Host} sent a next-page link for {Repo} that points to another server (http://127.0.0.2:1); stopped paging, report this to the registry's operator.", e.Message);
    }

    [Fact]
    public async Task Malformed_json_is_named()
    {
        Server.Reset(c => Json(c, "{\"name\":\"x\",\"tags\":[\"v1.0.0\",]"));
        var e = await Assert.ThrowsAsync<RegistryException>(() => Client().ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Malformed, e.Failure);
        Assert.Equal($"Registry {Host} sent a tag list for {Repo} that is not valid JSON (at line 1, byte 30); the registry or a proxy in front of it is misbehaving.", e.Message);
    }

    [Fact]
    public async Task Html_instead_of_json_is_named()
    {
        Server.Reset(c => { c.Response.ContentType = "text/html"; return c.Response.WriteAsync("<html>proxy login</html>"); });
        var e = await Assert.ThrowsAsync<RegistryException>(() => Client().ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Malformed, e.Failure);
        Assert.Equal($"Registry {Host} sent a tag list for {Repo} that is not valid JSON (at line 1, byte 1); the registry or a proxy in front of it is misbehaving.", e.Message);
    }

    [Fact]
    public async Task Tags_of_the_wrong_type_are_named()
    {
        Server.Reset(c => Json(c, "{\"name\":\"x\",\"tags\":[\"v1.0.0\", null]}"));
        var e = await Assert.ThrowsAsync<RegistryException>(() => Client().ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Malformed, e.Failure);
        Assert.Equal($"Registry {Host} sent a tag list for {Repo} with an invalid tag 'null'; the registry or a proxy in front of it is misbehaving.", e.Message);
    }

    [Fact]
    public async Task An_empty_repository_has_no_tags()
    {
        Server.Reset(c => Json(c, $"{{\"name\":\"{Repo}\",\"tags\":null}}"));
        Assert.Empty(await Client().ListTagsAsync(Konnector, CancellationToken.None));
    }

    [Fact]
    public async Task Rate_limiting_is_waited_out_once()
    {
        var calls = 0;
        Server.Reset(c =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                c.Response.StatusCode = 429;
                c.Response.Headers.RetryAfter = "1";
                return Task.CompletedTask;
            }
            return Json(c, Page("v1.3.0"));
        });
        var watch = Stopwatch.StartNew();
        Assert.Equal(["v1.3.0"], await Client().ListTagsAsync(Konnector, CancellationToken.None));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Rate_limiting_twice_gives_up_and_says_so()
    {
        Server.Reset(c =>
        {
            c.Response.StatusCode = 429;
            c.Response.Headers.RetryAfter = "3600";
            return Task.CompletedTask;
        });
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RegistryException>(() =>
            Client(maxRetryAfter: TimeSpan.FromSeconds(0.5)).ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.RateLimited, e.Failure);
        Assert.Equal($"Registry {Host} is still rate limiting requests for {Repo} (429 Too Many Requests) after waiting 0.5 s; try again later, or use a mirror under Registry:Mirrors in the settings.", e.Message);
        Assert.Equal(2, Server.Requests);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(5)); // Retry-After capped, not an hour
    }

    [Fact]
    public void The_default_cap_on_Retry_After_is_ten_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), new RegistryClient(new HttpClient(), RegistrySettings.Default).MaxRetryAfter);
    }

    [Fact]
    public async Task A_hung_registry_is_bounded_by_the_timeout()
    {
        Server.Reset(async c => await Task.Delay(TimeSpan.FromSeconds(30), c.RequestAborted));
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RegistryException>(() => Client(timeout: TimeSpan.FromSeconds(1)).ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Timeout, e.Failure);
        Assert.Equal($"Registry {Host} did not answer within 1 s for {Repo}; check the network, or raise Registry:Timeout in the settings.", e.Message);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_reported_as_a_timeout()
    {
        Server.Reset(async c => await Task.Delay(TimeSpan.FromSeconds(30), c.RequestAborted));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().ListTagsAsync(Konnector, cts.Token));
    }

    [Fact]
    public async Task A_refused_connection_is_unreachable()
    {
        var port = Loopback.FreePort(); // nothing listens there
        var host = $"127.0.0.1:{port}";
        var client = Seed.Client(Seed.Settings(host));
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(ImageReference.Parse($"{host}/{Repo}"), CancellationToken.None));
        Assert.Equal(RegistryFailure.Unreachable, e.Failure);
        Assert.Equal($"Cannot reach registry {host} for {Repo} (connection refused); check the host name and the network, or set a mirror under Registry:Mirrors in the settings.", e.Message);
    }

    [Fact]
    public async Task A_request_that_gets_no_answer_is_logged_as_failed()
    {
        var host = $"127.0.0.1:{Loopback.FreePort()}"; // nothing listens there
        var log = new StringWriter();
        var client = Seed.Client(Seed.Settings(host), log: log);
        await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(ImageReference.Parse($"{host}/{Repo}"), CancellationToken.None));
        Assert.Matches($@"^I GET http://{System.Text.RegularExpressions.Regex.Escape(host)}/v2/{Repo}/tags/list\?n=1000 failed in \d+ ms\n$", log.ToString().Replace("\r", ""));
    }

    [Fact]
    public async Task A_connection_that_breaks_mid_answer_is_named()
    {
        Server.Reset(async c =>
        {
            c.Response.ContentType = "application/json";
            c.Response.ContentLength = 1000;
            await c.Response.WriteAsync("{\"name\":\"x\",\"tags\":[");
            await c.Response.Body.FlushAsync();
            await Task.Delay(300); // the headers and part of the body are on their way
            c.Abort();
        });
        var e = await Assert.ThrowsAsync<RegistryException>(() => Client().ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Unreachable, e.Failure);
        Assert.Equal($"The connection to registry {Host} broke off while reading the answer for {Repo}; try again, or check the network and any proxy in between.", e.Message);
    }

    [Fact]
    public async Task Forbidden_is_named()
    {
        Server.Reset(c => Json(c, "{\"errors\":[{\"code\":\"DENIED\"}]}", 403));
        var e = await Assert.ThrowsAsync<RegistryException>(() => Client().ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Forbidden, e.Failure);
        Assert.Equal($"Registry {Host} denied access to {Repo} (403 Forbidden); ask its operator for pull access for the credentials in Registry:Credentials.", e.Message);
    }

    [Fact]
    public async Task A_server_error_is_named()
    {
        Server.Reset(c => Json(c, "oops", 502));
        var e = await Assert.ThrowsAsync<RegistryException>(() => Client().TagExistsAsync(Konnector.WithTag("v1.3.0"), CancellationToken.None));
        Assert.Equal(RegistryFailure.ServerError, e.Failure);
        Assert.Equal($"Registry {Host} answered 502 Bad Gateway for {Repo}; try again later, or check the registry's status.", e.Message);
    }

    [Fact]
    public async Task A_401_without_a_usable_challenge_is_named()
    {
        Server.Reset(c => { c.Response.StatusCode = 401; return Task.CompletedTask; });
        var e = await Assert.ThrowsAsync<RegistryException>(() => Client().ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Unauthorized, e.Failure);
        Assert.Equal($"Registry {Host} requires authentication for {Repo} but offers no Bearer or Basic challenge; check that {Host} is an OCI registry, or configure a mirror under Registry:Mirrors.", e.Message);
    }

    [Fact]
    public async Task A_token_service_that_cannot_be_reached()
    {
        var realm = $"127.0.0.1:{Loopback.FreePort()}";
        Server.Reset(c =>
        {
            c.Response.StatusCode = 401;
            c.Response.Headers.WWWAuthenticate = $"Bearer realm=\"http://{realm}/token\",service=\"fake\"";
            return Task.CompletedTask;
        });
        var settings = Seed.Settings(Host, realm);
        var e = await Assert.ThrowsAsync<RegistryException>(() => Seed.Client(settings).ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.TokenFailed, e.Failure);
        Assert.Equal($"The token service {realm} of registry {Host} could not be reached for {Repo} (connection refused); check the network, or the registry's status.", e.Message);
    }

    [Fact]
    public async Task Manifests_are_asked_for_with_every_index_and_manifest_type()
    {
        string? accept = null;
        Server.Reset(c =>
        {
            accept = c.Request.Headers.Accept.ToString();
            return Task.CompletedTask;
        });
        Assert.True(await Client().TagExistsAsync(Konnector.WithTag("v1.3.0"), CancellationToken.None));
        foreach (var type in RegistryClient.ManifestMediaTypes) Assert.Contains(type, accept, StringComparison.Ordinal);
    }
}
