using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// A Kubernetes API server for tests: HTTPS on 127.0.0.1 with a bearer token, seeded with a Klutch
/// scenario, with the controllers a real cluster runs (Deployments roll out, Crossplane packages get
/// revisions) and faults a test can inject. Many can run in one process; each owns its state.
/// </summary>
public sealed class TestApiServer : IAsyncDisposable
{
    internal const string UserName = Kubeconfig.User;

    private readonly ApiHandler _handler;
    private readonly Controllers _controllers;
    private readonly string _tempDir;
    private WebApplication? _app;
    private CancellationTokenSource _stopping = new();
    private int _port;

    private TestApiServer(TestApiServerOptions options)
    {
        Options = options;
        Token = options.Token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        State = new ClusterState(options.WatchHistory, () => DateTimeOffset.UtcNow);
        Faults.WatchesDropped += State.DropAllWatches;
        _handler = new ApiHandler(this);
        _controllers = new Controllers(this);
        _tempDir = Directory.CreateTempSubdirectory("klutch-test-").FullName;
        KubeconfigPath = Path.Combine(_tempDir, "kubeconfig");
    }

    /// <summary>Starts a server seeded with the named scenario (see <see cref="Scenarios"/>).</summary>
    public static async Task<TestApiServer> StartAsync(string scenario, TestApiServerOptions? options = null)
    {
        var server = new TestApiServer(options ?? new TestApiServerOptions());
        try
        {
            Scenarios.Seed(scenario, server.State, server.Options.CrossplaneVersion);
            await server.ListenAsync(0).ConfigureAwait(false);
            File.WriteAllText(server.KubeconfigPath, Kubeconfig.Render(server.BaseAddress, Certificates.CaPem, server.Token));
            if (!OperatingSystem.IsWindows())
            {
                // It holds a bearer token: owner-only, like kubeconfigs written by cluster tools.
                File.SetUnixFileMode(server.KubeconfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            server._controllers.Start();
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public string KubeconfigPath { get; }

    public string ContextName => Kubeconfig.Name;

    /// <summary>This server as one context of a <see cref="FleetKubeconfig"/>.</summary>
    public FleetEntry As(string context) => new(context, BaseAddress, Token);

    public Uri BaseAddress => new($"https://127.0.0.1:{_port}");

    public string Token { get; }

    public ClusterState State { get; }

    public FaultInjector Faults { get; } = new();

    public RbacRules Rbac { get; } = new();

    public Images Images { get; } = new();

    internal TestApiServerOptions Options { get; }

    internal RequestLog Log { get; } = new();

    /// <summary>Cancelled when the server stops listening: ends watches and hung requests.</summary>
    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Log.Snapshot();

    /// <summary>Count of requests that wrote (mutating verbs, not dry runs): zero means "nothing changed".</summary>
    public int Writes => Requests.Count(r => r.IsWrite);

    /// <summary>
    /// An HttpClient that trusts this server's CA and sends its token, for tests that speak the
    /// protocol directly (watch streams, raw status codes).
    /// </summary>
    public HttpClient CreateHttpClient()
    {
        var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(Certificates.CaPem);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate == null)
            {
                return false;
            }
            using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
            chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
            return chain.Build(new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate));
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>Stops listening (new connections are refused); the state and the port are kept.</summary>
    public async Task StopAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app == null)
        {
            return;
        }
        _controllers.Paused = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Listens again on the same port with the same state.</summary>
    public async Task RestartAsync()
    {
        if (_app != null)
        {
            return;
        }
        _stopping.Dispose();
        _stopping = new CancellationTokenSource();
        await ListenAsync(_port).ConfigureAwait(false);
        _controllers.Paused = false;
    }

    private async Task ListenAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _tempDir });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = Options.Http1Only ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
                listen.UseHttps(Certificates.Server);
            });
        });
        var app = builder.Build();
        app.Run(_handler.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        await _controllers.StopAsync().ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
        _controllers.Dispose();
        _stopping.Dispose();
        try
        {
            Directory.Delete(_tempDir, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl still reading the kubeconfig; the temp directory is cleaned by the OS later.
        }
    }
}
