using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;
using KubectlKlutch.TestRegistry;

namespace KubectlKlutch.Tests.Integration;

/// <summary>A private mirror (htpasswd) holding Klutch's repositories, whose login only docker keeps.</summary>
public sealed class PrivateMirrorFixture : IAsyncLifetime
{
    public const string User = "mirror-robot";
    public const string Password = "mirror-pass-4711";

    public DistributionRegistry Registry { get; private set; } = null!;
    public string Host => Registry.Host;

    public async Task InitializeAsync()
    {
        Registry = await DistributionRegistry.StartAsync(new DistributionRegistry.Htpasswd(User, Password), tls: false);
        var basic = new AuthenticationHeaderValue("Basic", DockerLogins.Auth(User, Password));
        foreach (var (repository, tags) in TestRegistry.Seed) await ImagePusher.PushAsync(Registry.BaseUri, repository, tags, basic);
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null) await Registry.DisposeAsync();
    }
}

/// <summary>Docker's registry credentials and the registry's -v=6 log, through the plugin's entry point.</summary>
public sealed class RegistryCredentialTests(PrivateMirrorFixture mirror) : IClassFixture<PrivateMirrorFixture>
{
    private const string Skip = "pass --skip-registry-check if the cluster's nodes see a registry this machine does not";

    /// <summary>The test registry's settings pointed at the private mirror, a HOME of its own with ~/.docker, and the helpers on PATH.</summary>
    private (Dictionary<string, string?> Environment, DockerLogins Docker) Setup()
    {
        var environment = new Dictionary<string, string?>(TestRegistry.Mirrored(mirror.Host));
        var docker = new DockerLogins(Path.Combine(environment["HOME"]!, ".docker"));
        environment["PATH"] = docker.SearchPath;
        return (environment, docker);
    }

    private static string[] Upgrade(TestApiServer server, params string[] extra) =>
        ["upgrade", "konnector", "v1.3.1", "--yes", "--kubeconfig", server.KubeconfigPath, .. extra];

    [Fact]
    public async Task A_failing_credential_helper_stops_an_upgrade_before_any_write()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var (environment, docker) = Setup();
        docker.WriteConfig(new JsonObject { ["credHelpers"] = new JsonObject { [mirror.Host] = "vault" } });
        docker.Failing("vault", "vault: permission denied", 2, "stdout-secret-0815");

        var run = await Klutch.RunAsync(Upgrade(server), environment: environment);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: cannot check that public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1 exists: Credential helper docker-credential-vault failed for registry {mirror.Host} (exit code 2: vault: permission denied); fix it, or remove it from credHelpers in {docker.ConfigPath}; {Skip}\n", run.Stderr);
        Assert.DoesNotContain("stdout-secret-0815", run.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, server.Writes);
    }

    [Fact]
    public async Task A_credential_helper_that_is_not_installed_stops_an_upgrade_naming_it()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var (environment, docker) = Setup();
        docker.WriteConfig(new JsonObject { ["credsStore"] = "osxkeychain" });

        var run = await Klutch.RunAsync(Upgrade(server), environment: environment);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: cannot check that public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1 exists: Credential helper docker-credential-osxkeychain, named by credsStore in {docker.ConfigPath} for registry {mirror.Host}, was not found on PATH; install it, or remove it from that file; {Skip}\n", run.Stderr);
        Assert.Equal(0, server.Writes);
    }

    [Fact]
    public async Task An_upgrade_through_a_mirror_with_a_helpers_login_never_prints_the_secret_even_at_v9()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var (environment, docker) = Setup();
        docker.WriteConfig(new JsonObject { ["credHelpers"] = new JsonObject { [mirror.Host] = "vault" } });
        docker.Answering("vault", PrivateMirrorFixture.User, PrivateMirrorFixture.Password);

        var run = await Klutch.RunAsync(Upgrade(server, "-v=9"), environment: environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("konnector now runs public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1", run.Stdout);
        Assert.Single(docker.Calls);
        Assert.DoesNotContain(PrivateMirrorFixture.Password, run.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(DockerLogins.Auth(PrivateMirrorFixture.User, PrivateMirrorFixture.Password), run.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_v6_each_registry_call_is_logged_against_the_mirror_and_no_secret_is()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var (environment, docker) = Setup();
        docker.WriteConfig(new JsonObject
        {
            ["auths"] = new JsonObject { [mirror.Host] = new JsonObject { ["auth"] = DockerLogins.Auth(PrivateMirrorFixture.User, PrivateMirrorFixture.Password) } },
        });

        var run = await Klutch.RunAsync(["versions", "konnector", "-v=6", "--kubeconfig", server.KubeconfigPath], environment: environment);

        Assert.Equal(4, run.ExitCode); // an update is available: the mirror was read with docker's login
        Assert.Equal(["konnector", "v1.3.0", "v1.3.1", "v1.3.1", "1 release", "v1.3.1 v1.3.0 v1.2.0"], run.Row("konnector"));
        var tags = System.Text.RegularExpressions.Regex.Escape($"http://{mirror.Host}/v2/w5n9a2g2/klutch/konnector/tags/list?n=1000");
        Assert.Matches($@"(?m)^I GET {tags} 401 Unauthorized in \d+ ms \(HTTP/1\.1\)$", run.Stderr);
        Assert.Matches($@"(?m)^I GET {tags} 200 OK in \d+ ms \(HTTP/1\.1\)$", run.Stderr);
        Assert.DoesNotContain("public.ecr.aws/v2", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(PrivateMirrorFixture.Password, run.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(DockerLogins.Auth(PrivateMirrorFixture.User, PrivateMirrorFixture.Password), run.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_error_names_the_mirror_that_was_asked()
    {
        var (environment, _) = Setup(); // no login anywhere
        var run = await Klutch.RunAsync(["versions", "konnector", "--all-components", "-o", "json"], environment: environment);
        var konnector = JsonNode.Parse(run.Stdout)!["components"]!.AsArray().Single(c => (string)c!["name"]! == "konnector")!;
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/konnector", (string)konnector["repository"]!);
        Assert.Equal($"Registry {mirror.Host} requires credentials for w5n9a2g2/klutch/konnector; add an entry for {mirror.Host} under Registry:Credentials in the settings (Username with PasswordEnv or PasswordFile), or log in with docker login {mirror.Host}.", (string)konnector["error"]!);
    }
}
