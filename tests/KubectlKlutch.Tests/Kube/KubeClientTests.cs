using System.Net;
using k8s;
using KubectlKlutch.Kube;
using KubectlKlutch.Kube.Objects;
using KubectlKlutch.Session;

namespace KubectlKlutch.Tests.Kube;

public class KubeClientTests
{
    private sealed class Recorder : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"gitVersion":"v1.32.0"}""") });
        }
    }

    private static ResolvedContext Context(KubernetesClientConfiguration config) => new("ctx", "cluster", "user", config);

    [Fact]
    public async Task Sends_the_token_and_the_impersonation_headers_kubectl_sends()
    {
        var recorder = new Recorder();
        var target = new ClusterTarget { As = "alice", AsGroups = ["ops"], AsUid = "u-1" };
        using var client = new KubeClient(Context(new KubernetesClientConfiguration { Host = "https://api.example:6443", AccessToken = "t0k3n" }), target, TextWriter.Null, recorder);
        await client.GetAsync("/version", KubeJson.Default.VersionInfo, CancellationToken.None);

        var request = Assert.Single(recorder.Requests);
        Assert.Equal("https://api.example:6443/version", request.RequestUri!.ToString());
        Assert.Equal("Bearer t0k3n", request.Headers.Authorization!.ToString());
        Assert.Equal(["alice"], request.Headers.GetValues("Impersonate-User"));
        Assert.Equal(["ops"], request.Headers.GetValues("Impersonate-Group"));
        Assert.Equal(["u-1"], request.Headers.GetValues("Impersonate-Uid"));
        Assert.StartsWith("kubectl-klutch/v", request.Headers.UserAgent.ToString());
    }

    [Fact]
    public async Task Sends_basic_credentials_when_the_kubeconfig_has_a_user_name()
    {
        var recorder = new Recorder();
        using var client = new KubeClient(Context(new KubernetesClientConfiguration { Host = "https://api.example:6443", Username = "admin", Password = "pw" }), new ClusterTarget(), TextWriter.Null, recorder);
        await client.GetAsync("/version", KubeJson.Default.VersionInfo, CancellationToken.None);
        Assert.Equal("Basic YWRtaW46cHc=", recorder.Requests[0].Headers.Authorization!.ToString());
    }
}
