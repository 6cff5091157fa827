using KubectlKlutch.TestRegistry;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KubectlKlutch.Registry.Tests.Infrastructure;
using KubectlKlutch.Settings;

namespace KubectlKlutch.Registry.Tests;

/// <summary>What every registry of the tests holds: Klutch's repositories with releases, a candidate and non-semver tags.</summary>
public static class Seed
{
    public static readonly string[] KonnectorTags = ["v1.2.0", "v1.2.1", "v1.3.0", "v1.3.1", "v1.10.0", "v1.4.0-rc1", "latest", "sha-abc"];

    public static readonly (string Repository, string[] Tags)[] Repositories =
    [
        ("w5n9a2g2/klutch/konnector", KonnectorTags),
        ("w5n9a2g2/klutch/provider-anynines", ["v1.3.0", "v1.3.1"]),
        ("w5n9a2g2/klutch/dataservices", ["v1.3.0", "v1.3.1"]),
        ("w5n9a2g2/klutch/example-backend", ["v1.3.1"]),
        ("w5n9a2g2/anynines/konnector", ["v1.2.0", "v1.2.1"]),
    ];

    /// <summary>A repository that the token issuer serves only to the configured user.</summary>
    public const string PrivateRepository = "w5n9a2g2/klutch-private/konnector";

    internal static async Task PushAllAsync(Uri registry, AuthenticationHeaderValue? authorization = null, bool withPrivate = false)
    {
        var all = withPrivate ? Repositories.Append((PrivateRepository, ["v1.3.0", "v1.3.1"])) : Repositories;
        foreach (var (repository, tags) in all) await ImagePusher.PushAsync(registry, repository, tags, authorization);
    }

    /// <summary>Settings with no environment: no password variable, no cache, no docker config of the machine's user.</summary>
    internal static RegistrySettings Settings(params string[] insecure) =>
        RegistrySettings.Default with { Timeout = TimeSpan.FromSeconds(10), CacheTtl = TimeSpan.Zero, Insecure = insecure };

    /// <summary>A client as the plugin builds one, with the test's CA, request counter and -v=6 log where given.</summary>
    internal static RegistryClient Client(RegistrySettings settings, X509Certificate2? ca = null, TagCache? cache = null, int pageSize = 1000,
        CountingHandler? counter = null, TextWriter? log = null)
    {
        HttpMessageHandler handler = RegistryHandler.Create(settings, ca);
        if (counter is not null)
        {
            counter.InnerHandler = handler;
            handler = counter;
        }
        if (log is not null) handler = new RequestLogHandler(log) { InnerHandler = handler };
        var http = new HttpClient(handler) { Timeout = settings.Timeout + TimeSpan.FromSeconds(5) };
        return new RegistryClient(http, settings, cache) { PageSize = pageSize };
    }
}

/// <summary>Counts the requests a client sends, by path.</summary>
public sealed class CountingHandler : DelegatingHandler
{
    private readonly List<string> _requests = [];

    public IReadOnlyList<string> Requests { get { lock (_requests) return _requests.ToList(); } }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_requests) _requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>An anonymous registry over TLS, with a CA made for the test.</summary>
public sealed class AnonymousTlsRegistryFixture : IAsyncLifetime
{
    internal DistributionRegistry Registry { get; private set; } = null!;
    internal X509Certificate2 Ca => Registry.Certificates!.Ca;

    public async Task InitializeAsync()
    {
        Registry = await DistributionRegistry.StartAsync(new DistributionRegistry.NoAuth(), tls: true);
        await Seed.PushAllAsync(Registry.BaseUri);
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null) await Registry.DisposeAsync();
    }
}

/// <summary>A registry behind htpasswd (bcrypt) over plain http, which the client reaches only when told the host is insecure.</summary>
public sealed class BasicAuthRegistryFixture : IAsyncLifetime
{
    public const string User = "klutch";
    public const string Password = "s3cret-pass";

    internal DistributionRegistry Registry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await DistributionRegistry.StartAsync(new DistributionRegistry.Htpasswd(User, Password), tls: false);
        await Seed.PushAllAsync(Registry.BaseUri, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"))));
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null) await Registry.DisposeAsync();
    }
}

/// <summary>A registry behind token authentication, with the test's own token issuer (as public ECR works).</summary>
public sealed class TokenRegistryFixture : IAsyncLifetime
{
    public const string User = "robot";
    public const string Password = "t0ken-pass";

    private string _dir = null!;
    internal TokenIssuer Issuer { get; private set; } = null!;
    internal DistributionRegistry Registry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _dir = Directory.CreateTempSubdirectory("klutch-issuer-").FullName;
        Issuer = await TokenIssuer.StartAsync(_dir, User, Password, repository => repository.StartsWith("w5n9a2g2/klutch-private/", StringComparison.Ordinal));
        Registry = await DistributionRegistry.StartAsync(
            new DistributionRegistry.Token(Issuer.Realm.ToString(), TokenIssuer.Service, TokenIssuer.Issuer, Issuer.RootCertBundlePath), tls: false);
        var pushToken = Issuer.Mint(User, TokenIssuer.Service, new System.Text.Json.Nodes.JsonArray(
            Seed.Repositories.Select(r => r.Repository).Append(Seed.PrivateRepository)
                .Select(r => (System.Text.Json.Nodes.JsonNode)TokenIssuer.Access(r, "pull", "push")).ToArray()));
        await Seed.PushAllAsync(Registry.BaseUri, new AuthenticationHeaderValue("Bearer", pushToken), withPrivate: true);
    }

    /// <summary>Both the registry and the token service are plain http on loopback, so both are marked insecure.</summary>
    internal RegistrySettings Settings() => Seed.Settings(Registry.Host, Issuer.Realm.Authority);

    public async Task DisposeAsync()
    {
        if (Registry is not null) await Registry.DisposeAsync();
        if (Issuer is not null) await Issuer.DisposeAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
