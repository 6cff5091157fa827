namespace KubectlKlutch.Tests.Packaging;

/// <summary>The manifest checker bites: each broken rule is reported.</summary>
public class KrewManifestTests
{
    private const string Valid = """
        apiVersion: krew.googlecontainertools.github.com/v1alpha2
        kind: Plugin
        metadata:
          name: klutch
        spec:
          version: v1.2.3
          homepage: https://example.org/klutch
          shortDescription: See and upgrade Klutch
          description: |
            Shows the components and upgrades them, because doing it by hand is error prone.
          platforms:
          - selector:
              matchLabels: {os: windows, arch: amd64}
            uri: https://example.org/kubectl-klutch_v1.2.3_windows_amd64.zip
            sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            files:
            - {from: kubectl-klutch.exe, to: .}
            - {from: LICENSE, to: .}
            bin: kubectl-klutch.exe
        """;

    [Fact]
    public void A_valid_manifest_has_no_problems() => Assert.Empty(KrewManifest.Problems(Valid));

    [Theory]
    [InlineData("v1alpha2", "v1alpha1", "apiVersion")]
    [InlineData("kind: Plugin", "kind: Plug", "kind must be Plugin")]
    [InlineData("name: klutch", "name: klutsch", "metadata.name must equal")]
    [InlineData("version: v1.2.3", "version: 1.2.3", "spec.version")]
    [InlineData("homepage: https://example.org/klutch", "homepage: ''", "spec.homepage")]
    [InlineData("See and upgrade Klutch", "See and upgrade Klutch components in every cluster of a fleet with one command", "shortDescription must be one line")]
    [InlineData("Shows the components and upgrades them, because doing it by hand is error prone.", "--context  the context\n    --yes  do not ask", "flag list")]
    [InlineData("os: windows", "os: win", "os must be a Go OS name")]
    [InlineData("arch: amd64", "arch: x64", "arch must be a Go architecture")]
    [InlineData("windows_amd64.zip", "windows_amd64.7z", ".tar.gz or .zip")]
    [InlineData("sha256: 0123456789abcdef", "sha256: 0123456789ABCDEF", "sha256 must be 64 lower-case")]
    [InlineData("- {from: LICENSE, to: .}", "", "files must include LICENSE")]
    [InlineData("bin: kubectl-klutch.exe", "bin: kubectl-klutch", "bin must be kubectl-klutch.exe")]
    public void Each_broken_rule_is_reported(string from, string to, string expected)
    {
        var problems = KrewManifest.Problems(Valid.Replace(from, to));
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_committed_template_renders_only_through_package_proj()
    {
        // The root plugin.yaml is a template: Krew must refuse it as it stands.
        var template = File.ReadAllText(Path.Combine(Integration.PublishedBinary.RepositoryRoot, "plugin.yaml"));
        var problems = KrewManifest.Problems(template);
        Assert.Contains(problems, p => p.StartsWith("spec.version", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("spec.platforms", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("description", StringComparison.Ordinal));
    }
}
