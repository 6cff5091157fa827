using KubectlKlutch.Registry;
using KubectlKlutch.Settings;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry.Tests.Integration;

public sealed class BasicAuthRegistryTests(BasicAuthRegistryFixture fixture) : IClassFixture<BasicAuthRegistryFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("klutch-basic-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Host => fixture.Registry.Host;
    private ImageReference Konnector => ImageReference.Parse($"{Host}/w5n9a2g2/klutch/konnector");

    private RegistrySettings WithPassword(string password)
    {
        var file = Path.Combine(_dir, "password");
        File.WriteAllText(file, password + "\n");
        return Seed.Settings(Host) with { Credentials = [new RegistryCredential(Host, BasicAuthRegistryFixture.User, null, file)] };
    }

    [Fact]
    public async Task Basic_credentials_list_tags_and_resolve_digests()
    {
        var client = Seed.Client(WithPassword(BasicAuthRegistryFixture.Password));
        var tags = await client.ListTagsAsync(Konnector, CancellationToken.None);
        Assert.Equal(ReleaseVersion.Parse("v1.10.0"), TagList.NewestRelease(tags));
        Assert.True(await client.TagExistsAsync(Konnector.WithTag("v1.4.0-rc1"), CancellationToken.None));
    }

    [Fact]
    public async Task The_password_can_come_from_a_variable_of_the_commands_environment()
    {
        var environment = new UserEnvironment(new Dictionary<string, string?> { ["MIRROR_PASSWORD"] = BasicAuthRegistryFixture.Password }, _dir);
        var settings = Seed.Settings(Host) with
        {
            Credentials = [new RegistryCredential(Host, BasicAuthRegistryFixture.User, "MIRROR_PASSWORD", null)],
            Environment = environment,
        };
        Assert.Contains("v1.3.1", await Seed.Client(settings).ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Null(Environment.GetEnvironmentVariable("MIRROR_PASSWORD")); // read from the command's environment, not the process's
    }

    [Fact]
    public async Task Without_credentials_the_message_says_where_to_add_them()
    {
        var client = Seed.Client(Seed.Settings(Host));
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Unauthorized, e.Failure);
        Assert.Equal($"Registry {Host} requires credentials for w5n9a2g2/klutch/konnector; add an entry for {Host} under Registry:Credentials in the settings (Username with PasswordEnv or PasswordFile), or log in with docker login {Host}.", e.Message);
    }

    [Fact]
    public async Task A_wrong_password_is_reported_without_the_password()
    {
        var client = Seed.Client(WithPassword("wrong-password"));
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Unauthorized, e.Failure);
        Assert.Equal($"Registry {Host} rejected the credentials of user klutch for w5n9a2g2/klutch/konnector; check the password in file {Path.Combine(_dir, "password")} and the user's pull access.", e.Message);
        Assert.DoesNotContain("wrong-password", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_variable_that_is_not_set_is_named()
    {
        var settings = Seed.Settings(Host) with { Credentials = [new RegistryCredential(Host, "klutch", "KLUTCH_TEST_UNSET_PASSWORD_VARIABLE", null)] };
        var client = Seed.Client(settings);
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Unauthorized, e.Failure);
        Assert.Equal($"The password for user klutch of registry {Host} cannot be read for w5n9a2g2/klutch/konnector (environment variable KLUTCH_TEST_UNSET_PASSWORD_VARIABLE is not set); set it, or fix Registry:Credentials in the settings.", e.Message);
    }

    [Fact]
    public async Task A_plain_http_registry_is_not_used_unless_marked_insecure()
    {
        var settings = WithPassword(BasicAuthRegistryFixture.Password) with { Insecure = [] };
        var client = Seed.Client(settings);
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Unreachable, e.Failure);
        Assert.Equal($"The TLS connection to registry {Host} for w5n9a2g2/klutch/konnector failed (untrusted certificate, or the registry speaks plain http); add its CA to the system trust store, or list {Host} under Registry:Insecure in the settings only if it serves plain http.", e.Message);
    }
}
