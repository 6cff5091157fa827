using KubectlKlutch.Registry;
using KubectlKlutch.Settings;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry.Tests.Integration;

public class AnonymousTlsRegistryTests(AnonymousTlsRegistryFixture fixture) : IClassFixture<AnonymousTlsRegistryFixture>
{
    private ImageReference Konnector => ImageReference.Parse($"{fixture.Registry.Host}/w5n9a2g2/klutch/konnector");

    [Fact]
    public async Task Lists_every_tag()
    {
        // Debian's registry (distribution 2.8) ignores n on tags/list and answers in one page;
        // paging across Link headers is proven against the scripted server in FaultTests.
        var counter = new CountingHandler();
        var client = Seed.Client(Seed.Settings(), fixture.Ca, pageSize: 3, counter: counter);

        var tags = await client.ListTagsAsync(Konnector, CancellationToken.None);

        Assert.Equal(Seed.KonnectorTags.Order(StringComparer.Ordinal), tags.Order(StringComparer.Ordinal));
        Assert.Equal(["GET /v2/w5n9a2g2/klutch/konnector/tags/list?n=3"], counter.Requests);
        var set = TagList.Split(tags);
        Assert.Equal(ReleaseVersion.Parse("v1.10.0"), set.NewestRelease);
        Assert.Equal(ReleaseVersion.Parse("v1.3.1"), set.NewestPatchOf(ReleaseVersion.Parse("v1.3.0")));
        Assert.Equal(["v1.4.0-rc1"], set.PreReleases.Select(p => p.ToString()));
        Assert.Equal(["latest", "sha-abc"], set.Other);
        Assert.Equal(3, set.ReleasesBehind(ReleaseVersion.Parse("v1.2.1")));
    }

    [Fact]
    public async Task Lists_the_old_anynines_repository_separately()
    {
        var client = Seed.Client(Seed.Settings(), fixture.Ca);
        var tags = await client.ListTagsAsync(ImageReference.Parse($"{fixture.Registry.Host}/w5n9a2g2/anynines/konnector:v1.2.0"), CancellationToken.None);
        Assert.Equal(["v1.2.0", "v1.2.1"], tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tells_whether_a_tag_exists()
    {
        var client = Seed.Client(Seed.Settings(), fixture.Ca);
        Assert.True(await client.TagExistsAsync(Konnector.WithTag("v1.3.0"), CancellationToken.None));
        Assert.False(await client.TagExistsAsync(Konnector.WithTag("v9.9.9"), CancellationToken.None));
        // 1.3.0 and later live under .../klutch/, never under the old .../anynines/ prefix.
        Assert.False(await client.TagExistsAsync(ImageReference.Parse($"{fixture.Registry.Host}/w5n9a2g2/anynines/konnector:v1.3.0"), CancellationToken.None));
        foreach (var tag in new[] { "v1.3.1", "v1.10.0", "v1.4.0-rc1", "latest" })
            Assert.True(await client.TagExistsAsync(Konnector.WithTag(tag), CancellationToken.None), tag);
    }

    [Fact]
    public async Task A_missing_repository_is_named()
    {
        var client = Seed.Client(Seed.Settings(), fixture.Ca);
        var e = await Assert.ThrowsAsync<RegistryException>(() =>
            client.ListTagsAsync(ImageReference.Parse($"{fixture.Registry.Host}/w5n9a2g2/klutch/no-such-thing"), CancellationToken.None));
        Assert.Equal(RegistryFailure.NotFound, e.Failure);
        Assert.Equal($"Repository w5n9a2g2/klutch/no-such-thing was not found on registry {fixture.Registry.Host} (404 Not Found); check the image name and Registry:Mirrors in the settings.", e.Message);
        Assert.Equal(fixture.Registry.Host, e.Host);
        Assert.Equal("w5n9a2g2/klutch/no-such-thing", e.Repository);
    }

    [Fact]
    public async Task A_mirror_rule_sends_public_ecr_references_to_the_mirror()
    {
        var settings = Seed.Settings() with
        {
            Mirrors = [new KubectlKlutch.Settings.MirrorRule("public.ecr.aws/w5n9a2g2/klutch", $"{fixture.Registry.Host}/w5n9a2g2/klutch")],
        };
        var client = Seed.Client(settings, fixture.Ca);
        var ecr = ImageReference.Parse("public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.1");

        Assert.Equal(["v1.3.0", "v1.3.1"], (await client.ListTagsAsync(ecr, CancellationToken.None)).Order(StringComparer.Ordinal));
        Assert.True(await client.TagExistsAsync(ecr, CancellationToken.None));
        Assert.False(await client.TagExistsAsync(ecr.WithTag("v9.9.9"), CancellationToken.None));
    }

    [Fact]
    public async Task An_error_through_a_mirror_names_the_mirror_it_asked()
    {
        var settings = Seed.Settings() with
        {
            Mirrors = [new KubectlKlutch.Settings.MirrorRule("public.ecr.aws/w5n9a2g2/klutch", $"{fixture.Registry.Host}/mirrored/klutch")],
        };
        var e = await Assert.ThrowsAsync<RegistryException>(() =>
            Seed.Client(settings, fixture.Ca).ListTagsAsync(ImageReference.Parse("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.1"), CancellationToken.None));
        Assert.Equal(RegistryFailure.NotFound, e.Failure);
        Assert.Equal($"Repository mirrored/klutch/konnector was not found on registry {fixture.Registry.Host} (404 Not Found); check the image name and Registry:Mirrors in the settings.", e.Message);
        Assert.Equal(fixture.Registry.Host, e.Host);
        Assert.Equal("mirrored/klutch/konnector", e.Repository);
    }

    [Fact]
    public async Task The_cache_lives_where_the_commands_environment_says()
    {
        var home = Directory.CreateTempSubdirectory("klutch-home-").FullName;
        try
        {
            var xdg = Path.Combine(home, "xdg");
            var environment = new UserEnvironment(new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = xdg }, home);
            var settings = Seed.Settings() with { CacheTtl = TimeSpan.FromMinutes(5), Environment = environment };
            var client = Seed.Client(settings, fixture.Ca, TagCache.ForSettings(settings));
            await client.ListTagsAsync(Konnector, CancellationToken.None);
            Assert.Single(Directory.GetFiles(Path.Combine(xdg, "kubectl-klutch")));

            Assert.Equal(Path.Combine(home, ".cache", "kubectl-klutch"), TagCache.ForSettings(settings with { Environment = environment with { Variables = new Dictionary<string, string?>() } })!.Directory);
            Assert.Null(TagCache.ForSettings(settings with { CacheTtl = TimeSpan.Zero }));
            Assert.Null(TagCache.ForSettings(settings with { Environment = UserEnvironment.None }));
        }
        finally { Directory.Delete(home, true); }
    }

    [Fact]
    public async Task A_certificate_outside_the_system_trust_is_refused()
    {
        var client = Seed.Client(Seed.Settings()); // no extra CA: the system trust only
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Konnector, CancellationToken.None));
        Assert.Equal(RegistryFailure.Unreachable, e.Failure);
        Assert.Equal($"The TLS connection to registry {fixture.Registry.Host} for w5n9a2g2/klutch/konnector failed (untrusted certificate, or the registry speaks plain http); add its CA to the system trust store, or list {fixture.Registry.Host} under Registry:Insecure in the settings only if it serves plain http.", e.Message);
    }

    [Fact]
    public async Task Repeated_listings_come_from_the_cache_until_it_expires()
    {
        var dir = Directory.CreateTempSubdirectory("klutch-cache-").FullName;
        try
        {
            var clock = new ManualClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
            var cache = new TagCache(dir, TimeSpan.FromMinutes(5), clock);
            var counter = new CountingHandler();
            var client = Seed.Client(Seed.Settings(), fixture.Ca, cache, counter: counter);

            var first = await client.ListTagsAsync(Konnector, CancellationToken.None);
            var asked = counter.Requests.Count;
            clock.Advance(TimeSpan.FromMinutes(4));
            var second = await client.ListTagsAsync(Konnector.WithTag("v1.3.0"), CancellationToken.None);
            Assert.Equal(first, second);
            Assert.Equal(asked, counter.Requests.Count); // served from disk
            var file = Assert.Single(Directory.GetFiles(dir));
            Assert.Contains("\"fetched\":\"2026-01-01T00:00:00+00:00\"", File.ReadAllText(file), StringComparison.Ordinal);

            clock.Advance(TimeSpan.FromMinutes(2));
            await client.ListTagsAsync(Konnector, CancellationToken.None);
            Assert.True(counter.Requests.Count > asked); // expired: asked again
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task A_cache_that_cannot_be_written_does_not_fail_the_listing()
    {
        var blocker = Path.GetTempFileName(); // a file where the cache directory should be
        try
        {
            var cache = new TagCache(Path.Combine(blocker, "kubectl-klutch"), TimeSpan.FromMinutes(5));
            var client = Seed.Client(Seed.Settings(), fixture.Ca, cache);
            Assert.Equal(Seed.KonnectorTags.Length, (await client.ListTagsAsync(Konnector, CancellationToken.None)).Count);
            Assert.False(cache.TryPut(Konnector, ["v1.0.0"]));
            Assert.Null(cache.TryGet(Konnector));
        }
        finally { File.Delete(blocker); }
    }
}

internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;
    public void Advance(TimeSpan by) => _now += by;
    public override DateTimeOffset GetUtcNow() => _now;
}
