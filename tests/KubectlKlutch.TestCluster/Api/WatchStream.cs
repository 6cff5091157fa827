using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// A watch: HTTP 200, then one JSON event per line ({"type":"ADDED|MODIFIED|DELETED|ERROR","object":...}),
/// flushed as it happens, until timeoutSeconds, the client leaves, or a fault drops it. A resourceVersion
/// older than the kept history is answered like the API server does: an ERROR event carrying a 410
/// Expired Status inside the 200 stream.
/// </summary>
internal sealed class WatchStream(TestApiServer server, HttpContext ctx, ResourceType type, RequestInfo info, RequestLog.Entry entry)
{
    public async Task RunAsync()
    {
        var query = ctx.Request.Query;
        var labels = Selector.ParseLabels(query["labelSelector"].ToString());
        var fields = Selector.ParseFields(query["fieldSelector"].ToString());
        var rvText = query["resourceVersion"].ToString();
        long? from = null;
        if (rvText.Length > 0 && rvText != "0")
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw ApiError.BadRequest($"invalid resource version \"{rvText}\"");
            }
            from = parsed;
        }
        var timeout = long.TryParse(query["timeoutSeconds"].ToString(), out var t) && t > 0
            ? TimeSpan.FromSeconds(t)
            : TimeSpan.FromMinutes(30);

        entry.Complete(200);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        var subscription = server.State.Subscribe(type, info.Namespace, from);
        if (subscription == null)
        {
            var status = ApiError.StatusObject(410, "Expired",
                $"too old resource version: {from} ({server.State.OldestResumableVersion + 1})");
            await WriteEventAsync("ERROR", status, ctx.RequestAborted).ConfigureAwait(false);
            return;
        }
        using (subscription)
        {
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
            using var timeoutCts = new CancellationTokenSource(timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, timeoutCts.Token,
                subscription.Dropped, server.Stopping);
            var first = true;
            try
            {
                await foreach (var e in subscription.Channel.Reader.ReadAllAsync(linked.Token).ConfigureAwait(false))
                {
                    var obj = ClusterState.AsVersion(e.Object.Copy(), type);
                    if (!labels.Matches(obj) || !fields.Matches(obj))
                    {
                        continue;
                    }
                    await WriteEventAsync(e.Type, AsTable(obj, ref first), linked.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (subscription.Dropped.IsCancellationRequested || server.Stopping.IsCancellationRequested)
            {
                // A dropped watch is a broken connection, not a clean end: the client must notice and resume.
                ctx.Abort();
            }
            catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested)
            {
                // timeoutSeconds reached: end the stream cleanly, as the API server does.
            }
        }
    }

    /// <summary>
    /// `kubectl get -w` asks for Tables in the watch too: each event then carries a one-row Table,
    /// with the column definitions only in the first, as the API server sends them.
    /// </summary>
    private JsonObject AsTable(JsonObject obj, ref bool first)
    {
        if (!ctx.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal))
        {
            return obj;
        }
        var table = Tables.Build(type, [obj], obj.Str("metadata.resourceVersion") ?? "",
            ctx.Request.Query["includeObject"].ToString(), server.State.Clock());
        if (!first)
        {
            table["columnDefinitions"] = new JsonArray();
        }
        first = false;
        return table;
    }

    private async Task WriteEventAsync(string type, JsonObject obj, CancellationToken token)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString(Json.Compact) + "\n";
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), token).ConfigureAwait(false);
        await ctx.Response.Body.FlushAsync(token).ConfigureAwait(false);
    }
}
