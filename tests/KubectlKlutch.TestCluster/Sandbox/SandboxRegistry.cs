using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// The read side of the OCI distribution API that the plugin asks, on plain http on 127.0.0.1:
/// <c>GET /v2/NAME/tags/list</c> (with <c>n</c> and <c>last</c> paging) and <c>HEAD
/// /v2/NAME/manifests/TAG</c>. Enough for `versions` and the upgrade's registry check without a
/// network; the plugin reaches it through mirror settings (see <see cref="SandboxEnvironment"/>).
/// The registry tests use a real registry (KubectlKlutch.TestRegistry) instead.
/// </summary>
public sealed class SandboxRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxRegistry(WebApplication app, int port)
    {
        _app = app;
        Host = $"127.0.0.1:{port}";
    }

    /// <summary>host:port, as mirror settings and the Insecure list name it.</summary>
    public string Host { get; }

    public static async Task<SandboxRegistry> StartAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> tags)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(context => HandleAsync(context, tags));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxRegistry(app, new Uri(address).Port);
    }

    private static Task HandleAsync(HttpContext context, IReadOnlyDictionary<string, IReadOnlyList<string>> repositories)
    {
        var path = context.Request.Path.Value ?? "";
        context.Response.Headers["Docker-Distribution-Api-Version"] = "registry/2.0";
        if (path is "/v2" or "/v2/")
            return Json(context, HttpStatusCode.OK, new JsonObject());
        const string tagsList = "/tags/list";
        if (path.StartsWith("/v2/", StringComparison.Ordinal) && path.EndsWith(tagsList, StringComparison.Ordinal) && HttpMethods.IsGet(context.Request.Method))
            return TagsAsync(context, repositories, path["/v2/".Length..^tagsList.Length]);
        var manifests = path.LastIndexOf("/manifests/", StringComparison.Ordinal);
        if (path.StartsWith("/v2/", StringComparison.Ordinal) && manifests > 4 && HttpMethods.IsHead(context.Request.Method))
        {
            var known = repositories.TryGetValue(path[4..manifests], out var tags) && tags.Contains(path[(manifests + "/manifests/".Length)..]);
            context.Response.StatusCode = known ? 200 : 404;
            if (known)
                context.Response.ContentType = "application/vnd.oci.image.manifest.v1+json";
            return Task.CompletedTask;
        }
        return Error(context, HttpStatusCode.NotFound, "UNSUPPORTED", "the sandbox's registry answers tag lists and manifest HEADs only");
    }

    private static Task TagsAsync(HttpContext context, IReadOnlyDictionary<string, IReadOnlyList<string>> repositories, string name)
    {
        if (!repositories.TryGetValue(name, out var all))
            return Error(context, HttpStatusCode.NotFound, "NAME_UNKNOWN", $"repository name not known to registry: {name}");
        // The distribution spec's paging: lexical order, at most n tags after `last`, a Link to the rest.
        var sorted = all.Order(StringComparer.Ordinal).ToList();
        var last = context.Request.Query["last"].ToString();
        var page = sorted.Where(t => last.Length == 0 || string.CompareOrdinal(t, last) > 0).ToList();
        if (int.TryParse(context.Request.Query["n"], out var n) && n >= 0 && n < page.Count)
        {
            page = page[..n];
            if (n > 0)
                context.Response.Headers.Link = $"</v2/{name}/tags/list?n={n}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        }
        return Json(context, HttpStatusCode.OK, new JsonObject { ["name"] = name, ["tags"] = new JsonArray([.. page.Select(t => JsonValue.Create(t))]) });
    }

    private static Task Error(HttpContext context, HttpStatusCode status, string code, string message) =>
        Json(context, status, new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }) });

    private static Task Json(HttpContext context, HttpStatusCode status, JsonObject body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
