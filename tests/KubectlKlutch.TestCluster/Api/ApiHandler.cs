using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// One HTTP request in, one Kubernetes answer out: authentication, fault injection, RBAC, then the
/// verb on the generic store. Routing is by hand (no endpoint routing) because Kubernetes URLs are
/// a grammar of their own and one parser for them is shorter than a route table.
/// </summary>
internal sealed class ApiHandler(TestApiServer server)
{
    private ClusterState State => server.State;

    public async Task HandleAsync(HttpContext ctx)
    {
        var req = ctx.Request;
        var query = req.Query;
        var watch = query["watch"] is { Count: > 0 } w && (w[0] == "true" || w[0] == "1");
        RequestInfo info;
        try
        {
            info = RequestInfo.Parse(req.Method, req.Path.Value ?? "/", watch, State.Types);
        }
        catch (Exception)
        {
            info = new RequestInfo(false, req.Method.ToLowerInvariant(), "", "", "", null, null, null, null);
        }
        var dryRun = query["dryRun"] is { Count: > 0 } d && d[0] == "All";
        var impersonation = req.Headers.Where(h => h.Key.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Select(v => $"{h.Key.ToLowerInvariant()}: {v}")).ToList();
        var entry = server.Log.Start(req.Method, req.Path.Value ?? "", req.QueryString.Value ?? "", info, dryRun, impersonation);
        try
        {
            if (server.Faults.Hang)
            {
                // Accept and never answer: the client's own timeout is what is under test.
                using var hang = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, server.Stopping);
                await Task.Delay(Timeout.Infinite, hang.Token).ConfigureAwait(false);
            }
            if (server.Faults.Latency is { } latency && latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, ctx.RequestAborted).ConfigureAwait(false);
            }
            if (req.Headers.Authorization.ToString() != "Bearer " + server.Token)
            {
                throw ApiError.Unauthorized();
            }
            if (server.Faults.TakeFailure() is { } code)
            {
                throw ApiError.Injected(code);
            }
            await DispatchAsync(ctx, info, dryRun, entry).ConfigureAwait(false);
        }
        catch (ApiError e)
        {
            if (e.Code == 429)
            {
                // API Priority and Fairness always says when to come back; client-go retries only with it.
                ctx.Response.Headers.RetryAfter = "1";
            }
            await WriteAsync(ctx, e.Code, e.ToStatus(), entry).ConfigureAwait(false);
        }
        catch (PatchException e)
        {
            await WriteAsync(ctx, 422, ApiError.StatusObject(422, "Invalid", e.Message), entry).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await WriteAsync(ctx, 400, ApiError.BadRequest($"the object provided is unrecognized: {e.Message}").ToStatus(), entry)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested || server.Stopping.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nothing to answer, drop the connection.
            entry.Complete(0);
            ctx.Abort();
        }
    }

    private async Task DispatchAsync(HttpContext ctx, RequestInfo info, bool dryRun, RequestLog.Entry entry)
    {
        var path = ctx.Request.Path.Value?.TrimEnd('/') ?? "";
        if (!info.IsResource)
        {
            var types = State.Types.All();
            JsonNode? doc = path switch
            {
                "/version" => Discovery.Version(),
                "/api" => Discovery.CoreVersions($"127.0.0.1:{server.BaseAddress.Port}"),
                "/apis" => Discovery.GroupList(types),
                "/openapi/v3" => OpenApi.Root(types),
                _ when path.StartsWith("/openapi/v3/", StringComparison.Ordinal) => OpenApi.GroupVersion(types, path["/openapi/v3/".Length..]),
                "/healthz" or "/livez" or "/readyz" => null,
                _ when info.Version.Length > 0 => Discovery.ResourceList(types, info.Group, info.Version),
                _ when path.StartsWith("/apis/", StringComparison.Ordinal) && path.Count(c => c == '/') == 2 =>
                    Discovery.GroupDocument(types, path["/apis/".Length..]),
                _ => null,
            };
            if (path is "/healthz" or "/livez" or "/readyz")
            {
                entry.Complete(200);
                ctx.Response.ContentType = "text/plain";
                await ctx.Response.WriteAsync("ok").ConfigureAwait(false);
                return;
            }
            if (doc == null)
            {
                throw ApiError.PathNotFound();
            }
            await WriteAsync(ctx, 200, doc, entry).ConfigureAwait(false);
            return;
        }
        var type = info.Type ?? throw ApiError.PathNotFound();
        if (!server.Rbac.IsAllowed(info.Verb, type.Plural, type.Group, type.Namespaced ? info.Namespace : null))
        {
            throw ApiError.Forbidden(TestApiServer.UserName, info.Verb, type, type.Plural, type.Group, info.Namespace, info.Name);
        }
        if (!type.Verbs.Contains(info.Verb))
        {
            throw ApiError.MethodNotAllowed(info.Verb, type);
        }
        // Access and identity reviews are questions, not stored objects: a real server never answers them 409.
        if (info.Verb is "create" or "update" or "patch" or "delete" or "deletecollection" && !dryRun
            && info.Group is not ("authorization.k8s.io" or "authentication.k8s.io") && server.Faults.TakeConflict())
        {
            throw ApiError.Conflict(type, info.Name ?? "");
        }
        var writer = new FieldWriter(FieldWriter.ManagerOf(ctx.Request.Query["fieldManager"].ToString(), ctx.Request.Headers.UserAgent.ToString()),
            FieldWriter.Update, info.Subresource);
        switch (info.Verb)
        {
            case "get" when info.Subresource == "scale":
                await WriteAsync(ctx, 200, ScaleView.From(Get(type, info)), entry).ConfigureAwait(false);
                break;
            case "get":
                await WriteAsync(ctx, 200, MaybeTable(ctx, type, [Get(type, info)]), entry).ConfigureAwait(false);
                break;
            case "list":
                await WriteAsync(ctx, 200, List(ctx, type, info), entry).ConfigureAwait(false);
                break;
            case "watch":
                await new WatchStream(server, ctx, type, info, entry).RunAsync().ConfigureAwait(false);
                break;
            case "create":
                var created = Create(type, info, await ReadBodyAsync(ctx).ConfigureAwait(false), dryRun, writer);
                await WriteAsync(ctx, 201, created, entry).ConfigureAwait(false);
                break;
            case "update":
                await WriteAsync(ctx, 200, Update(type, info, await ReadBodyAsync(ctx).ConfigureAwait(false), dryRun, writer), entry)
                    .ConfigureAwait(false);
                break;
            case "patch":
                await WriteAsync(ctx, 200, await PatchAsync(ctx, type, info, dryRun, writer).ConfigureAwait(false), entry).ConfigureAwait(false);
                break;
            case "delete":
                var removed = State.Remove(type, info.Namespace, info.Name!, dryRun) ?? throw ApiError.NotFound(type, info.Name!);
                await WriteAsync(ctx, 200, removed, entry).ConfigureAwait(false);
                break;
            case "deletecollection":
                var list = Filter(ctx, State.ListOf(type, info.Namespace));
                foreach (var o in list)
                {
                    State.Remove(type, o.Namespace(), o.Name(), dryRun);
                }
                await WriteAsync(ctx, 200, ListObject(type, list), entry).ConfigureAwait(false);
                break;
            default:
                throw ApiError.MethodNotAllowed(info.Verb, type);
        }
    }

    private JsonObject Get(ResourceType type, RequestInfo info) =>
        State.Read(type, info.Namespace, info.Name!) ?? throw ApiError.NotFound(type, info.Name!);

    private static List<JsonObject> Filter(HttpContext ctx, List<JsonObject> items)
    {
        var labels = Selector.ParseLabels(ctx.Request.Query["labelSelector"].ToString());
        var fields = Selector.ParseFields(ctx.Request.Query["fieldSelector"].ToString());
        return items.Where(o => labels.Matches(o) && fields.Matches(o)).ToList();
    }

    private JsonObject List(HttpContext ctx, ResourceType type, RequestInfo info)
    {
        var version = State.CurrentVersion;
        var items = Filter(ctx, State.ListOf(type, info.Namespace));
        if (WantsTable(ctx))
        {
            return Tables.Build(type, items, version.ToString(CultureInfo.InvariantCulture),
                ctx.Request.Query["includeObject"].ToString(), State.Clock());
        }
        var list = ListObject(type, items);
        list.Meta()["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        return list;
    }

    private static JsonObject ListObject(ResourceType type, List<JsonObject> items) => new()
    {
        ["apiVersion"] = type.GroupVersion,
        ["kind"] = type.Kind + "List",
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
    };

    private static bool WantsTable(HttpContext ctx) =>
        ctx.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    private JsonObject MaybeTable(HttpContext ctx, ResourceType type, List<JsonObject> items) =>
        WantsTable(ctx)
            ? Tables.Build(type, items, State.CurrentVersion.ToString(CultureInfo.InvariantCulture),
                ctx.Request.Query["includeObject"].ToString(), State.Clock())
            : items[0];

    private static async Task<JsonObject> ReadBodyAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentType?.StartsWith(Protobuf.ContentType, StringComparison.Ordinal) == true)
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted).ConfigureAwait(false);
            return Protobuf.Decode(buffer.ToArray());
        }
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
        return Json.ParseObject(text);
    }

    private JsonObject Create(ResourceType type, RequestInfo info, JsonObject body, bool dryRun, FieldWriter writer, JsonObject? applied = null)
    {
        switch (type.Plural)
        {
            case "selfsubjectaccessreviews":
                return Reviews.AccessReview(body, server.Rbac);
            case "selfsubjectreviews":
                return Reviews.SubjectReview(body);
        }
        var meta = body.Meta();
        if (type.Namespaced)
        {
            var bodyNs = meta.Str("namespace");
            if (bodyNs != null && info.Namespace != null && bodyNs != info.Namespace)
            {
                throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta["namespace"] = info.Namespace ?? bodyNs ?? "default";
            EnsureNamespace(meta.Str("namespace")!);
        }
        if (string.IsNullOrEmpty(meta.Str("name")) && meta.Str("generateName") is { Length: > 0 } prefix)
        {
            meta["name"] = prefix + Names.Random(5);
        }
        foreach (var k in new[] { "uid", "resourceVersion", "creationTimestamp", "generation" })
        {
            meta.Remove(k);
        }
        if (type.HasStatus && type.StorageKey != "/namespaces")
        {
            body.Remove("status");
        }
        Admission.Default(type, body);
        Admission.Validate(type, body);
        if (State.Read(type, meta.Str("namespace"), body.Name()) != null)
        {
            throw ApiError.AlreadyExists(type, body.Name());
        }
        body["apiVersion"] = type.GroupVersion;
        ManagedFields.Record(null, body, writer, State.Clock(), applied);
        return State.Commit(type, body, dryRun);
    }

    private void EnsureNamespace(string ns)
    {
        var nsType = State.Types.Find("", "v1", "namespaces")!;
        if (State.Read(nsType, null, ns) == null)
        {
            throw ApiError.NamespaceNotFound(ns);
        }
    }

    private JsonObject Update(ResourceType type, RequestInfo info, JsonObject body, bool dryRun, FieldWriter writer)
    {
        var old = Get(type, info);
        if (body.Name() != info.Name)
        {
            throw ApiError.BadRequest($"the name of the object ({body.Name()}) does not match the name on the URL ({info.Name})");
        }
        var rv = body.Str("metadata.resourceVersion");
        if (!string.IsNullOrEmpty(rv) && rv != old.Str("metadata.resourceVersion"))
        {
            throw ApiError.Conflict(type, info.Name!);
        }
        if (info.Subresource == "scale")
        {
            return ScaleView.From(Save(type, info with { Subresource = null }, old, ScaleView.Apply(old, body), dryRun, writer));
        }
        return Save(type, info, old, body, dryRun, writer);
    }

    /// <summary>Writes the new state of an existing object, keeping the part the subresource does not own.</summary>
    private JsonObject Save(ResourceType type, RequestInfo info, JsonObject old, JsonObject updated, bool dryRun, FieldWriter writer, JsonObject? applied = null)
    {
        JsonObject result;
        if (info.Subresource == "status")
        {
            result = old.Copy();
            result["status"] = updated["status"]?.DeepClone();
        }
        else
        {
            result = updated;
            if (type.HasStatus)
            {
                result["status"] = old["status"]?.DeepClone();
            }
            var meta = result.Meta();
            meta["name"] = old.Name();
            if (type.Namespaced)
            {
                meta["namespace"] = old.Namespace();
            }
        }
        Admission.Default(type, result);
        Admission.Validate(type, result);
        // The client's copy of managedFields is not trusted: the server derives them from the stored object.
        result.Meta()["managedFields"] = old.At("metadata.managedFields")?.DeepClone();
        ManagedFields.Record(old, result, writer, State.Clock(), applied);
        return State.Commit(type, result, dryRun);
    }

    private async Task<JsonObject> PatchAsync(HttpContext ctx, ResourceType type, RequestInfo info, bool dryRun, FieldWriter writer)
    {
        var contentType = ctx.Request.ContentType?.Split(';')[0].Trim() ?? "";
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
        if (contentType == "application/apply-patch+yaml" && info.Subresource == null)
        {
            return Apply(type, info, text, ctx.Request.Query["fieldManager"].ToString(), dryRun);
        }
        var old = Get(type, info);
        var scale = info.Subresource == "scale";
        var target = scale ? ScaleView.From(old) : old;
        JsonObject patched;
        switch (contentType)
        {
            case "application/merge-patch+json":
                patched = MergePatch.Apply(target, Json.ParseObject(text)) as JsonObject ?? throw ApiError.BadRequest("patch must be an object");
                break;
            case "application/json-patch+json":
                patched = JsonPatch.Apply(target, JsonNode.Parse(text) as JsonArray
                    ?? throw ApiError.BadRequest("json patch must be an array of operations"));
                break;
            case "application/strategic-merge-patch+json" when !type.Custom:
                patched = StrategicMergePatch.Apply(target, Json.ParseObject(text));
                break;
            default:
                throw ApiError.UnsupportedPatch();
        }
        var rv = patched.Str("metadata.resourceVersion");
        if (!string.IsNullOrEmpty(rv) && rv != old.Str("metadata.resourceVersion"))
        {
            throw ApiError.Conflict(type, info.Name!);
        }
        if (scale)
        {
            return ScaleView.From(Save(type, info with { Subresource = null }, old, ScaleView.Apply(old, patched), dryRun, writer));
        }
        return Save(type, info, old, patched, dryRun, writer);
    }

    /// <summary>
    /// Server-side apply, approximated: field ownership is recorded (the applier owns what it
    /// applied, forced), but there are no conflicts between managers and no removal of fields a
    /// manager stopped applying. The applied object creates the object when
    /// absent and is otherwise merged in like a strategic merge patch (built-in kinds) or a merge
    /// patch (custom kinds). kubectl and the C# client send JSON, which is YAML; real YAML is refused.
    /// </summary>
    private JsonObject Apply(ResourceType type, RequestInfo info, string text, string fieldManager, bool dryRun)
    {
        if (fieldManager.Length == 0)
        {
            throw ApiError.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }
        JsonObject body;
        try
        {
            body = Json.ParseObject(text);
        }
        catch (JsonException)
        {
            throw new ApiError(415, "UnsupportedMediaType", "the test cluster accepts apply patches in JSON only (JSON is YAML); send the object as JSON");
        }
        var applier = new FieldWriter(fieldManager, FieldWriter.Apply);
        var old = State.Read(type, info.Namespace, info.Name!);
        if (old == null)
        {
            body.Meta()["name"] ??= info.Name;
            return Create(type, info, body, dryRun, applier, body.Copy());
        }
        var merged = type.Custom
            ? MergePatch.Apply(old, body) as JsonObject ?? old
            : StrategicMergePatch.Apply(old, body);
        return Save(type, info, old, merged, dryRun, applier, body);
    }

    internal static async Task WriteAsync(HttpContext ctx, int status, JsonNode body, RequestLog.Entry entry)
    {
        entry.Complete(status);
        if (ctx.Response.HasStarted)
        {
            return;
        }
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body.ToJsonString(Json.Compact), ctx.RequestAborted).ConfigureAwait(false);
    }
}
