using System.Text.Json.Nodes;
using KubectlKlutch.Registry;
using KubectlKlutch.Settings;
using KubectlKlutch.TestRegistry;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry.Tests.Integration;

/// <summary>Registry credentials as docker keeps them, against the htpasswd registry: config.json's auths, credHelpers and credsStore.</summary>
public sealed class DockerCredentialTests(BasicAuthRegistryFixture fixture) : IClassFixture<BasicAuthRegistryFixture>, IDisposable
{
    private const string User = BasicAuthRegistryFixture.User;
    private const string Password = BasicAuthRegistryFixture.Password;
    private readonly string _home = Directory.CreateTempSubdirectory("klutch-docker-home-").FullName;
    private DockerLogins? _docker;

    public void Dispose() => Directory.Delete(_home, true);

    private string Host => fixture.Registry.Host;
    private ImageReference Konnector => ImageReference.Parse($"{Host}/w5n9a2g2/klutch/konnector");

    /// <summary>~/.docker of the command's home (not the machine user's).</summary>
    private DockerLogins Docker => _docker ??= new DockerLogins(Path.Combine(_home, ".docker"));

    private RegistrySettings Settings(params (string Name, string Value)[] variables)
    {
        var all = new Dictionary<string, string?> { ["HOME"] = _home, ["PATH"] = Docker.SearchPath };
        foreach (var (name, value) in variables) all[name] = value;
        return Seed.Settings(Host) with { Environment = new UserEnvironment(all, _home) };
    }

    private static JsonObject Auths(string key, JsonObject entry) => new() { ["auths"] = new JsonObject { [key] = entry } };

    private Task<IReadOnlyList<string>> ListAsync(RegistrySettings settings) => Seed.Client(settings).ListTagsAsync(Konnector, CancellationToken.None);

    private async Task<RegistryException> FailsAsync(RegistrySettings settings) =>
        await Assert.ThrowsAsync<RegistryException>(() => ListAsync(settings));

    [Fact]
    public async Task An_auths_entry_logs_in_with_its_auth_value()
    {
        Docker.WriteConfig(Auths(Host, new JsonObject { ["auth"] = DockerLogins.Auth(User, Password) }));
        Assert.Contains("v1.3.1", await ListAsync(Settings()));
    }

    [Fact]
    public async Task An_auths_entry_with_username_and_password_under_a_url_key()
    {
        // docker files some entries under a URL; it matches them by host.
        Docker.WriteConfig(Auths($"http://{Host}/v2/", new JsonObject { ["username"] = User, ["password"] = Password }));
        Assert.Contains("v1.3.1", await ListAsync(Settings()));
    }

    [Fact]
    public async Task A_wrong_password_from_docker_names_the_file_and_never_the_password()
    {
        Docker.WriteConfig(Auths(Host, new JsonObject { ["auth"] = DockerLogins.Auth(User, "not-the-password") }));
        var e = await FailsAsync(Settings());
        Assert.Equal(RegistryFailure.Unauthorized, e.Failure);
        Assert.Equal($"Registry {Host} rejected the credentials of user {User} for w5n9a2g2/klutch/konnector; check the password in docker config file {Docker.ConfigPath} and the user's pull access.", e.Message);
        Assert.DoesNotContain("not-the-password", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(DockerLogins.Auth(User, "not-the-password"), e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DOCKER_CONFIG_names_the_directory_instead_of_the_homes()
    {
        Docker.WriteConfig(Auths(Host, new JsonObject { ["auth"] = DockerLogins.Auth(User, "stale") }));
        var elsewhere = new DockerLogins(Path.Combine(_home, "ci-docker"));
        elsewhere.WriteConfig(Auths(Host, new JsonObject { ["auth"] = DockerLogins.Auth(User, Password) }));
        Assert.Contains("v1.3.1", await ListAsync(Settings(("DOCKER_CONFIG", elsewhere.Directory))));
    }

    [Fact]
    public async Task A_credential_helper_for_the_host_runs_once_with_the_protocols_input()
    {
        Docker.WriteConfig(new JsonObject
        {
            ["credHelpers"] = new JsonObject { [Host] = "klutch-test" },
            ["credsStore"] = "not-installed", // credHelpers wins for its host
            ["auths"] = new JsonObject { [Host] = new JsonObject { ["auth"] = DockerLogins.Auth(User, "stale") } },
        });
        Docker.Answering("klutch-test", User, Password);
        var client = Seed.Client(Settings());

        var both = await Task.WhenAll(
            client.ListTagsAsync(Konnector, CancellationToken.None),
            client.ListTagsAsync(ImageReference.Parse($"{Host}/w5n9a2g2/klutch/provider-anynines"), CancellationToken.None));

        Assert.Contains("v1.3.1", both[0]);
        Assert.Contains("v1.3.1", both[1]);
        // "get", the server on stdin, and the command's HOME (not the test process's): once for the host.
        Assert.Equal([$"get {Host} {_home}"], Docker.Calls);
    }

    [Fact]
    public async Task The_credsStore_helper_serves_a_host_without_a_helper_of_its_own()
    {
        Docker.WriteConfig(new JsonObject { ["credsStore"] = "store", ["auths"] = new JsonObject { [Host] = new JsonObject() } });
        Docker.Answering("store", User, Password);
        Assert.Contains("v1.3.1", await ListAsync(Settings()));
        Assert.Single(Docker.Calls);
    }

    [Fact]
    public async Task The_plugins_own_settings_win_over_docker()
    {
        Docker.WriteConfig(new JsonObject { ["credsStore"] = "broken" });
        Docker.Failing("broken", "must not be asked", 1, "helper-secret");
        var file = Path.Combine(_home, "password");
        File.WriteAllText(file, Password);
        var settings = Settings() with { Credentials = [new RegistryCredential(Host, User, null, file)] };

        Assert.Contains("v1.3.1", await ListAsync(settings));
        Assert.Empty(Docker.Calls);

        File.WriteAllText(file, "wrong");
        Docker.Answering("broken", User, Password); // docker would have the right one: the settings still win
        var e = await FailsAsync(settings);
        Assert.Equal($"Registry {Host} rejected the credentials of user {User} for w5n9a2g2/klutch/konnector; check the password in file {file} and the user's pull access.", e.Message);
        Assert.Empty(Docker.Calls);
    }

    [Fact]
    public async Task A_failing_helper_is_named_with_its_stderr_and_never_its_stdout()
    {
        Docker.WriteConfig(new JsonObject { ["credHelpers"] = new JsonObject { [Host] = "broken" } });
        Docker.Failing("broken", "keychain is locked", 3, "leaked-secret");
        var e = await FailsAsync(Settings());
        Assert.Equal(RegistryFailure.CredentialsUnavailable, e.Failure);
        Assert.Equal($"Credential helper docker-credential-broken failed for registry {Host} (exit code 3: keychain is locked); fix it, or remove it from credHelpers in {Docker.ConfigPath}.", e.Message);
        Assert.DoesNotContain("leaked-secret", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_helper_that_is_not_installed_is_named()
    {
        Docker.WriteConfig(new JsonObject { ["credsStore"] = "desktop" });
        var e = await FailsAsync(Settings());
        Assert.Equal(RegistryFailure.CredentialsUnavailable, e.Failure);
        Assert.Equal($"Credential helper docker-credential-desktop, named by credsStore in {Docker.ConfigPath} for registry {Host}, was not found on PATH; install it, or remove it from that file.", e.Message);
    }

    [Fact]
    public async Task A_helper_with_nothing_for_the_host_leaves_the_registry_anonymous()
    {
        Docker.WriteConfig(new JsonObject { ["credsStore"] = "empty" });
        Docker.Empty("empty");
        var e = await FailsAsync(Settings());
        Assert.Equal(RegistryFailure.Unauthorized, e.Failure);
        Assert.StartsWith($"Registry {Host} requires credentials for w5n9a2g2/klutch/konnector; ", e.Message);
    }

    [Fact]
    public async Task A_helper_that_answers_something_else_is_named_without_its_answer()
    {
        Docker.WriteConfig(new JsonObject { ["credsStore"] = "garbled" });
        Docker.Garbled("garbled", "password=maybe-a-secret");
        var e = await FailsAsync(Settings());
        Assert.Equal($"Credential helper docker-credential-garbled answered for registry {Host} with something other than its JSON (ServerURL, Username, Secret); fix it, or remove it from credsStore in {Docker.ConfigPath}.", e.Message);
        Assert.DoesNotContain("maybe-a-secret", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_docker_config_that_is_not_json_is_named()
    {
        Docker.WriteConfig("""{ "auths": { """);
        var e = await FailsAsync(Settings());
        Assert.Equal(RegistryFailure.CredentialsUnavailable, e.Failure);
        Assert.StartsWith($"Docker's config file {Docker.ConfigPath} is not valid (at line 1", e.Message);
        Assert.EndsWith("); fix it, or set DOCKER_CONFIG to another directory.", e.Message);
    }

    [Fact]
    public async Task An_auth_value_that_is_not_base64_of_user_and_password_is_named()
    {
        Docker.WriteConfig(Auths(Host, new JsonObject { ["auth"] = Convert.ToBase64String("no-colon-here"u8.ToArray()) }));
        var e = await FailsAsync(Settings());
        Assert.Equal($"The auths entry for {Host} in docker config file {Docker.ConfigPath} holds an auth value that is not base64 of user:password; log in again with docker login {Host}.", e.Message);
    }

    [Fact]
    public async Task Without_a_docker_config_the_registry_is_asked_anonymously()
    {
        var e = await FailsAsync(Settings());
        Assert.Equal($"Registry {Host} requires credentials for w5n9a2g2/klutch/konnector; add an entry for {Host} under Registry:Credentials in the settings (Username with PasswordEnv or PasswordFile), or log in with docker login {Host}.", e.Message);
    }
}
