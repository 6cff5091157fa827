using KubectlKlutch.TestRegistry;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// One real OCI registry (Debian's docker-registry) per test run, holding Klutch's repositories,
/// and the plugin settings that send the public repositories' look-ups to it as a mirror, the
/// way an air-gapped site would. Every in-process run of the plugin gets this environment, with
/// a HOME of its own, so no developer's settings or kubeconfig leak into a test.
/// </summary>
public static class TestRegistry
{
    public static readonly (string Repository, string[] Tags)[] Seed =
    [
        ("w5n9a2g2/klutch/konnector", ["v1.2.0", "v1.3.0", "v1.3.1", "v1.4.0-rc1", "latest"]),
        ("w5n9a2g2/anynines/konnector", ["v1.2.0", "v1.2.1", "v1.2.2"]),
        ("w5n9a2g2/klutch/provider-anynines", ["v1.3.0", "v1.3.1", "v1.4.0", "v1.5.0"]),
        ("w5n9a2g2/klutch/dataservices", ["v1.3.0", "v1.3.1"]),
        ("w5n9a2g2/klutch/example-backend", ["v1.3.0", "v1.3.1"]),
        ("crossplane/crossplane", ["v1.17.1", "v1.20.0"]),
        ("crossplane-contrib/provider-kubernetes", ["v0.14.1", "v0.15.0"]),
        ("crossplane-contrib/function-patch-and-transform", ["v0.7.0", "v0.9.2"]),
    ];

    private static readonly Lazy<Task<IReadOnlyDictionary<string, string?>>> Started = new(StartAsync);

    public static Task<IReadOnlyDictionary<string, string?>> EnvironmentAsync() => Started.Value;

    private static async Task<IReadOnlyDictionary<string, string?>> StartAsync()
    {
        var registry = await DistributionRegistry.StartAsync(new DistributionRegistry.NoAuth(), tls: false);
        foreach (var (repository, tags) in Seed) await ImagePusher.PushAsync(registry.BaseUri, repository, tags);
        return Mirrored(registry.Host);
    }

    /// <summary>Settings that mirror the public repositories to `host` (which need not answer).</summary>
    public static IReadOnlyDictionary<string, string?> Mirrored(string host) => new Dictionary<string, string?>
    {
        ["HOME"] = Directory.CreateTempSubdirectory("klutch-home-").FullName,
        ["KLUTCH_REGISTRY__MIRRORS__0__FROM"] = "public.ecr.aws/w5n9a2g2",
        ["KLUTCH_REGISTRY__MIRRORS__0__TO"] = $"{host}/w5n9a2g2",
        ["KLUTCH_REGISTRY__MIRRORS__1__FROM"] = "xpkg.upbound.io/crossplane",
        ["KLUTCH_REGISTRY__MIRRORS__1__TO"] = $"{host}/crossplane",
        ["KLUTCH_REGISTRY__MIRRORS__2__FROM"] = "xpkg.upbound.io/crossplane-contrib",
        ["KLUTCH_REGISTRY__MIRRORS__2__TO"] = $"{host}/crossplane-contrib",
        ["KLUTCH_REGISTRY__INSECURE"] = host,
        ["KLUTCH_REGISTRY__TIMEOUT"] = "5",
        ["KLUTCH_REGISTRY__CACHETTL"] = "0",
    };
}
