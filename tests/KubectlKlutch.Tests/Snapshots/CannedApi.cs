using System.Net;
using System.Text.Json.Nodes;
using k8s;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube;
using KubectlKlutch.Session;

namespace KubectlKlutch.Tests.Snapshots;

/// <summary>
/// An API server of canned answers behind the real client, for what a check reads beyond the
/// snapshot: a path given a body answers it, a forbidden path answers 403 as the API server
/// does, and every other path is not served (404).
/// </summary>
public sealed class CannedApi : HttpMessageHandler
{
    private readonly Dictionary<string, (HttpStatusCode Status, string Body)> answers = [];

    public CannedApi Answer(string path, string body)
    {
        answers[path] = (HttpStatusCode.OK, body);
        return this;
    }

    /// <summary>Lists of `resource` are forbidden, with the message the API server gives.</summary>
    public CannedApi Forbid(ApiResource resource)
    {
        answers[resource.CollectionPath(null)] = (HttpStatusCode.Forbidden, Status(ForbiddenMessage(resource), "Forbidden", 403));
        return this;
    }

    public static string ForbiddenMessage(ApiResource resource) =>
        $"{resource.QualifiedName} is forbidden: User \"tester\" cannot list resource \"{resource.Plural}\" in API group \"{resource.Group}\" at the cluster scope";

    /// <summary>The reads a command shares, over this server.</summary>
    public SharedReads Reads() =>
        new(new KubeClient(new ResolvedContext("test", "test", "tester", new KubernetesClientConfiguration { Host = "https://api.test" }), new ClusterTarget(), TextWriter.Null, this));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var (status, body) = answers.TryGetValue(request.RequestUri!.PathAndQuery, out var answer)
            ? answer
            : (HttpStatusCode.NotFound, Status("the server could not find the requested resource", "NotFound", 404));
        return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
    }

    private static string Status(string message, string reason, int code) =>
        new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = message, ["reason"] = reason, ["code"] = code }.ToJsonString();
}
