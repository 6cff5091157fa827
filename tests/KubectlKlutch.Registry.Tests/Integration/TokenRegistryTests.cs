using KubectlKlutch.TestRegistry;
using KubectlKlutch.Registry;
using KubectlKlutch.Registry.Tests.Infrastructure;
using KubectlKlutch.Settings;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry.Tests.Integration;

/// <summary>The token flow that public ECR uses, against a real registry and a token issuer written for the tests.</summary>
public sealed class TokenRegistryTests(TokenRegistryFixture fixture) : IClassFixture<TokenRegistryFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("klutch-token-").FullName;

    public void Dispose()
    {
        fixture.Issuer.Mode = TokenIssuer.Behaviour.Normal;
        Directory.Delete(_dir, true);
    }

    private string Host => fixture.Registry.Host;
    private string Realm => fixture.Issuer.Realm.Authority;
    private ImageReference Konnector => ImageReference.Parse($"{Host}/w5n9a2g2/klutch/konnector");
    private ImageReference Private => ImageReference.Parse($"{Host}/{Seed.PrivateRepository}");

    private RegistrySettings WithPassword(string password)
    {
        var file = Path.Combine(_dir, "password");
        File.WriteAllText(file, password);
        return fixture.Settings() with { Credentials = [new RegistryCredential(Host, TokenRegistryFixture.User, null, file)] };
    }

    [Fact]
    public async Task An_anonymous_token_lists_tags_and_is_reused()
    {
        var counter = new CountingHandler();
        var client = Seed.Client(fixture.Settings(), counter: counter);

        var tags = await client.ListTagsAsync(Konnector, CancellationToken.None);
        var exists = await client.TagExistsAsync(Konnector.WithTag("v1.3.1"), CancellationToken.None);

        Assert.Equal(Seed.KonnectorTags.Order(StringComparer.Ordinal), tags.Order(StringComparer.Ordinal));
        Assert.True(exists);
        // 401, token, tags again; then the HEAD reuses the token.
        Assert.Equal(
            [
                "GET /v2/w5n9a2g2/klutch/konnector/tags/list?n=1000",
                "GET /token?service=klutch-test-registry&scope=repository%3Aw5n9a2g2%2Fklutch%2Fkonnector%3Apull",
                "GET /v2/w5n9a2g2/klutch/konnector/tags/list?n=1000",
                "HEAD /v2/w5n9a2g2/klutch/konnector/manifests/v1.3.1",
            ], counter.Requests);
    }

    [Fact]
    public async Task A_token_given_as_access_token_works_too()
    {
        fixture.Issuer.Mode = TokenIssuer.Behaviour.AccessTokenOnly;
        var client = Seed.Client(fixture.Settings());
        Assert.True(await client.TagExistsAsync(ImageReference.Parse($"{Host}/w5n9a2g2/klutch/dataservices:v1.3.0"), CancellationToken.None));
    }

    [Fact]
    public async Task A_private_repository_needs_credentials()
    {
        var client = Seed.Client(fixture.Settings());
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Private, CancellationToken.None));
        Assert.Equal(RegistryFailure.Unauthorized, e.Failure);
        Assert.Equal($"Registry {Host} requires credentials for {Seed.PrivateRepository} (or has no repository of that name); add an entry for {Host} under Registry:Credentials in the settings (Username with PasswordEnv or PasswordFile), or log in with docker login {Host}.", e.Message);
    }

    [Fact]
    public async Task A_missing_repository_behind_tokens_is_not_found()
    {
        var client = Seed.Client(fixture.Settings());
        var e = await Assert.ThrowsAsync<RegistryException>(() =>
            client.ListTagsAsync(ImageReference.Parse($"{Host}/w5n9a2g2/klutch/no-such-thing"), CancellationToken.None));
        Assert.Equal(RegistryFailure.NotFound, e.Failure);
        Assert.Equal($"Repository w5n9a2g2/klutch/no-such-thing was not found on registry {Host} (404 Not Found); check the image name and Registry:Mirrors in the settings.", e.Message);
    }

    [Fact]
    public async Task Credentials_are_sent_to_the_token_service_for_a_private_repository()
    {
        var client = Seed.Client(WithPassword(TokenRegistryFixture.Password));
        var tags = await client.ListTagsAsync(Private, CancellationToken.None);
        Assert.Equal(["v1.3.0", "v1.3.1"], tags.Order(StringComparer.Ordinal));
        Assert.True(await client.TagExistsAsync(Private.WithTag("v1.3.0"), CancellationToken.None));
    }

    [Fact]
    public async Task Credentials_the_token_service_rejects()
    {
        var client = Seed.Client(WithPassword("not-it"));
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Private, CancellationToken.None));
        Assert.Equal(RegistryFailure.Unauthorized, e.Failure);
        Assert.Equal($"Registry {Host} rejected the credentials of user robot for {Seed.PrivateRepository}; check the password in file {Path.Combine(_dir, "password")} and the user's pull access.", e.Message);
    }

    [Fact]
    public async Task A_failing_token_service()
    {
        fixture.Issuer.Mode = TokenIssuer.Behaviour.ServerError;
        var client = Seed.Client(fixture.Settings());
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.TokenFailed, e.Failure);
        Assert.Equal($"The token service {Realm} of registry {Host} refused a token for w5n9a2g2/klutch/konnector (503 Service Unavailable); try again later, or check the registry's status.", e.Message);
    }

    [Fact]
    public async Task A_token_service_that_gives_no_token()
    {
        fixture.Issuer.Mode = TokenIssuer.Behaviour.NoToken;
        var client = Seed.Client(fixture.Settings());
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.TokenFailed, e.Failure);
        Assert.Equal($"The token service {Realm} of registry {Host} answered without a token for w5n9a2g2/klutch/konnector; try again later, or check the registry's status.", e.Message);
    }

    [Fact]
    public async Task A_token_service_that_does_not_answer_json()
    {
        fixture.Issuer.Mode = TokenIssuer.Behaviour.NotJson;
        var client = Seed.Client(fixture.Settings());
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.TokenFailed, e.Failure);
        Assert.Equal($"The token service {Realm} of registry {Host} answered with something other than JSON for w5n9a2g2/klutch/konnector; try again later, or check the registry's status.", e.Message);
    }

    [Fact]
    public async Task A_token_service_on_plain_http_must_be_marked_insecure()
    {
        var client = Seed.Client(Seed.Settings(Host));
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.TokenFailed, e.Failure);
        Assert.Equal($"The token service {Realm} of registry {Host} uses plain http for w5n9a2g2/klutch/konnector; list {Realm} under Registry:Insecure in the settings only if that is intended.", e.Message);
    }

    private RegistrySettings WithDocker(DockerLogins docker) =>
        fixture.Settings() with { Environment = new UserEnvironment(new Dictionary<string, string?> { ["PATH"] = docker.SearchPath }, _dir) };

    [Fact]
    public async Task An_identity_token_from_docker_is_traded_for_a_token_in_the_body_of_a_post()
    {
        var docker = new DockerLogins(Path.Combine(_dir, ".docker"));
        docker.WriteConfig(new System.Text.Json.Nodes.JsonObject
        {
            ["auths"] = new System.Text.Json.Nodes.JsonObject { [Host] = new System.Text.Json.Nodes.JsonObject { ["identitytoken"] = fixture.Issuer.IdentityToken } },
        });
        var counter = new CountingHandler();
        var client = Seed.Client(WithDocker(docker), counter: counter);
        Assert.Equal(["v1.3.0", "v1.3.1"], (await client.ListTagsAsync(Private, CancellationToken.None)).Order(StringComparer.Ordinal));
        Assert.Contains("POST /token", counter.Requests);
        Assert.DoesNotContain(counter.Requests, r => r.Contains(fixture.Issuer.IdentityToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_helper_answering_the_token_username_gives_an_identity_token()
    {
        var docker = new DockerLogins(Path.Combine(_dir, ".docker"));
        docker.WriteConfig(new System.Text.Json.Nodes.JsonObject { ["credsStore"] = "oauth" });
        docker.Answering("oauth", "<token>", fixture.Issuer.IdentityToken);
        Assert.True(await Seed.Client(WithDocker(docker)).TagExistsAsync(Private.WithTag("v1.3.1"), CancellationToken.None));
    }

    [Fact]
    public async Task A_rejected_identity_token_is_named_by_where_it_came_from()
    {
        var docker = new DockerLogins(Path.Combine(_dir, ".docker"));
        docker.WriteConfig(new System.Text.Json.Nodes.JsonObject
        {
            ["auths"] = new System.Text.Json.Nodes.JsonObject { [Host] = new System.Text.Json.Nodes.JsonObject { ["identitytoken"] = "revoked-token" } },
        });
        var e = await Assert.ThrowsAsync<RegistryException>(() => Seed.Client(WithDocker(docker)).ListTagsAsync(Private, CancellationToken.None));
        Assert.Equal(RegistryFailure.Unauthorized, e.Failure);
        Assert.Equal($"Registry {Host} rejected the identity token from docker config file {docker.ConfigPath} for {Seed.PrivateRepository}; log in again with docker login {Host}, and check the account's pull access.", e.Message);
        Assert.DoesNotContain("revoked-token", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_request_is_logged_with_method_url_status_and_time_but_no_credential()
    {
        var log = new StringWriter();
        var client = Seed.Client(WithPassword(TokenRegistryFixture.Password), log: log);
        await client.ListTagsAsync(Private, CancellationToken.None);

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var tags = System.Text.RegularExpressions.Regex.Escape($"http://{Host}/v2/{Seed.PrivateRepository}/tags/list?n=1000");
        Assert.Matches($@"^I GET {tags} 401 Unauthorized in \d+ ms \(HTTP/1\.1\)$", lines[0]);
        Assert.Matches($@"^I GET {System.Text.RegularExpressions.Regex.Escape($"http://{Realm}/token?service=klutch-test-registry&scope=")}\S+ 200 OK in \d+ ms \(HTTP/1\.1\)$", lines[1]);
        Assert.Matches($@"^I GET {tags} 200 OK in \d+ ms \(HTTP/1\.1\)$", lines[2]);
        Assert.DoesNotContain(TokenRegistryFixture.Password, log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(DockerLogins.Auth(TokenRegistryFixture.User, TokenRegistryFixture.Password), log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", log.ToString(), StringComparison.Ordinal);
    }
}
