using KubectlKlutch.TestCluster;
using KubectlKlutch.TestRegistry;
using static KubectlKlutch.Tests.Integration.KubeconfigEdits;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// The rules of trust, from the published binary: only the executable skips the machine's CA
/// store (when nothing in the process needs it), so only a run of the binary proves that the
/// skip weakens no check. Each test fails if its rule is broken.
/// </summary>
public class TrustTests
{
    [Fact]
    public async Task A_server_whose_certificate_the_kubeconfigs_CA_did_not_sign_is_refused()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var kubeconfig = Rewrite(server, "wrong-ca", k => k.Replace(CaData(server), Base64(ForeignCaPem())));

        var run = await PublishedBinary.RunAsync(["status", "--kubeconfig", kubeconfig]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("presented a certificate that the kubeconfig of cluster \"klutch-test\" does not trust", run.Stderr);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("localhost", 0)]
    [InlineData("elsewhere.example", 1)]
    public async Task Tls_server_name_is_the_name_the_certificate_must_carry(string serverName, int exitCode)
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var kubeconfig = Rewrite(server, "server-name", k => k.Replace($"certificate-authority-data: {CaData(server)}",
            $"certificate-authority-data: {CaData(server)}\n    tls-server-name: {serverName}"));

        var run = await PublishedBinary.RunAsync(["status", "--kubeconfig", kubeconfig]);

        Assert.True(run.ExitCode == exitCode, run.ToString());
        if (exitCode == 1) Assert.Contains("does not trust", run.Stderr);
    }

    [Fact]
    public async Task A_cluster_without_CA_data_is_checked_against_the_machines_trust()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var kubeconfig = Rewrite(server, "no-ca", k => string.Join('\n', k.Split('\n').Where(l => !l.Contains("certificate-authority-data:"))));
        var trustsTheTestCa = TrustDirectory(System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(CaData(server))));
        var trustsNothing = TrustDirectory(null);

        var trusted = await PublishedBinary.RunAsync(["status", "--kubeconfig", kubeconfig], trustsTheTestCa);
        var untrusted = await PublishedBinary.RunAsync(["status", "--kubeconfig", kubeconfig], trustsNothing);

        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        Assert.True(untrusted.ExitCode == 1, untrusted.ToString());
        Assert.Contains("does not trust", untrusted.Stderr);
    }

    [Fact]
    public async Task The_registry_is_trusted_through_SSL_CERT_FILE_while_the_cluster_trusts_its_own_CA()
    {
        await using var registry = await DistributionRegistry.StartAsync(new DistributionRegistry.NoAuth(), tls: true);
        await ImagePusher.PushAsync(registry.BaseUri, "w5n9a2g2/klutch/konnector", ["v1.3.0", "v1.3.1"]);
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var mirror = new Dictionary<string, string?>(TestRegistry.Mirrored(registry.Host)) { ["KLUTCH_REGISTRY__INSECURE"] = null };
        string[] versions = ["versions", "konnector", "--kubeconfig", server.KubeconfigPath, "-o", "json"];

        var trusted = await PublishedBinary.RunAsync(versions, With(mirror, TrustDirectory(registry.Certificates!.Ca.ExportCertificatePem())));
        var untrusted = await PublishedBinary.RunAsync(versions, With(mirror, TrustDirectory(null)));

        Assert.Contains("\"latest\": \"v1.3.1\"", trusted.Stdout);
        Assert.DoesNotContain("\"latest\": \"v1.3.1\"", untrusted.Stdout);
        Assert.Contains("certificate", untrusted.Stdout + untrusted.Stderr);
    }

    /// <summary>SSL_CERT_FILE naming a bundle with just this CA (or an empty one), and an empty SSL_CERT_DIR: the machine's trust, as a user sets it.</summary>
    private static Dictionary<string, string?> TrustDirectory(string? caPem)
    {
        var directory = Directory.CreateTempSubdirectory("klutch-trust-").FullName;
        var bundle = Path.Combine(directory, "bundle.pem");
        File.WriteAllText(bundle, caPem ?? "");
        Directory.CreateDirectory(Path.Combine(directory, "certs"));
        return new() { ["SSL_CERT_FILE"] = bundle, ["SSL_CERT_DIR"] = Path.Combine(directory, "certs") };
    }

    private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> a, IReadOnlyDictionary<string, string?> b) =>
        a.Concat(b).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    private static string Rewrite(TestApiServer server, string name, Func<string, string> change)
    {
        var path = Path.Combine(Path.GetDirectoryName(server.KubeconfigPath)!, name);
        var original = File.ReadAllText(server.KubeconfigPath);
        var changed = change(original);
        Assert.NotEqual(original, changed);
        File.WriteAllText(path, changed);
        return path;
    }
}
