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
        Assert.StartsWith("sha256:", await client.ResolveDigestAsync(Konnector.WithTag("v1.3.1"), CancellationToken.None));
        Assert.True(await client.TagExistsAsync(Konnector.WithTag("v1.4.0-rc1"), CancellationToken.None));
    }

    [Fact]
    public async Task The_password_can_come_from_an_environment_variable()
    {
        var variable = "KLUTCH_TEST_PASSWORD_" + Guid.NewGuid().ToString("N"); // unique: no other test sees it
        Environment.SetEnvironmentVariable(variable, BasicAuthRegistryFixture.Password);
        try
        {
            var settings = Seed.Settings(Host) with { Credentials = [new RegistryCredential(Host, BasicAuthRegistryFixture.User, variable, null)] };
            Assert.Contains("v1.3.1", await Seed.Client(settings).ListTagsAsync(Konnector, CancellationToken.None));
        }
        finally { Environment.SetEnvironmentVariable(variable, null); }
    }

    [Fact]
    public async Task Without_credentials_the_message_says_where_to_add_them()
    {
        var client = Seed.Client(Seed.Settings(Host));
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Unauthorized, e.Failure);
        Assert.Equal($"Registry {Host} requires credentials for w5n9a2g2/klutch/konnector; add an entry for {Host} under Registry:Credentials in the settings (Username with PasswordEnv or PasswordFile).", e.Message);
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
