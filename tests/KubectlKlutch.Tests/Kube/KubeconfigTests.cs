using KubectlKlutch.Kube;
using KubectlKlutch.Session;

namespace KubectlKlutch.Tests.Kube;

public sealed class KubeconfigTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("klutch-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Config(string current, string context, string server, string? ca = null) => $"""
        apiVersion: v1
        kind: Config
        current-context: {current}
        clusters:
        - name: {context}
          cluster:
            server: {server}
        {(ca is null ? "" : $"    certificate-authority: {ca}")}
        contexts:
        - name: {context}
          context:
            cluster: {context}
            user: {context}
        users:
        - name: {context}
          user:
            token: secret-{context}
        """;

    [Fact]
    public void Merges_the_files_of_KUBECONFIG_the_first_to_name_an_entry_wins()
    {
        var first = Write("a/config", Config("app", "app", "https://app.example:6443"));
        var second = Write("b/config", Config("cp", "cp", "https://cp.example:6443") + "\n");
        var shadow = Write("c/config", Config("app", "app", "https://shadow.example:6443"));
        var config = Kubeconfig.Load(null, string.Join(Path.PathSeparator, first, Path.Combine(dir, "missing"), second, shadow), dir);

        Assert.Equal("app", config.CurrentContext);
        Assert.Equal(["app", "cp"], config.ContextNames);
        Assert.Equal("https://app.example:6443", config.Resolve(new ClusterTarget()).Server);
        Assert.Equal("https://cp.example:6443", config.Resolve(new ClusterTarget { Context = "cp" }).Server);
    }

    [Fact]
    public void Resolves_relative_paths_against_the_file_that_holds_them()
    {
        var second = Write("b/config", Config("cp", "cp", "https://cp.example:6443", ca: "ca.crt"));
        var config = Kubeconfig.Load(null, Write("a/config", Config("app", "app", "https://app.example:6443")) + Path.PathSeparator + second, dir);
        Assert.Equal(Path.Combine(dir, "b", "ca.crt"), config.Merged.Clusters.Single(c => c.Name == "cp").ClusterEndpoint.CertificateAuthority);
    }

    [Fact]
    public void No_kubeconfig_anywhere_says_where_it_looked()
    {
        var e = Assert.Throws<KubeException>(() => Kubeconfig.Load(null, null, dir));
        Assert.Equal(KubeFailure.Config, e.Failure);
        Assert.Equal($"no kubeconfig found: {Path.Combine(dir, ".kube", "config")} does not exist and KUBECONFIG is not set; pass --kubeconfig or set KUBECONFIG", e.Message);
    }

    [Fact]
    public void A_KUBECONFIG_of_missing_files_is_refused()
    {
        var e = Assert.Throws<KubeException>(() => Kubeconfig.Load(null, "/nowhere/a:/nowhere/b", dir));
        Assert.Equal("none of the files in KUBECONFIG (/nowhere/a:/nowhere/b) exists: fix KUBECONFIG or pass --kubeconfig", e.Message);
    }

    [Fact]
    public void A_malformed_kubeconfig_names_the_file_and_the_line()
    {
        var path = Write("config", "apiVersion: v1\nclusters:\n  - name: [unclosed\n");
        var e = Assert.Throws<KubeException>(() => Kubeconfig.Load(path, null, dir));
        Assert.StartsWith($"the kubeconfig {path} is not a valid kubeconfig at line ", e.Message);
        Assert.EndsWith(": fix or regenerate it", e.Message);
    }

    [Theory]
    [InlineData("clusters: [a, b\n", "at line 1")]
    [InlineData("apiVersion: v1\nclusters: [a, b\n\n", "at line 2")]
    [InlineData("apiVersion: v1\nkind: Config: x\n", "at line 2, column 13")]
    [InlineData("a: b: c\n", "at line 1, column 5")]
    public void The_line_of_a_yaml_error_is_the_line_an_editor_shows(string text, string where)
    {
        var path = Write("config", text);
        var e = Assert.Throws<KubeException>(() => Kubeconfig.Load(path, null, dir));
        Assert.Equal($"the kubeconfig {path} is not a valid kubeconfig {where}: fix or regenerate it", e.Message);
    }

    [Fact]
    public void An_unknown_context_lists_the_known_ones()
    {
        var path = Write("config", Config("app", "app", "https://app.example:6443"));
        var e = Assert.Throws<KubeException>(() => Kubeconfig.Load(path, null, dir).Resolve(new ClusterTarget { Context = "prod" }));
        Assert.Equal($"context \"prod\" is not in {path}: known contexts are app; pass one of them with --context", e.Message);
    }

    [Fact]
    public void An_unknown_cluster_override_is_refused()
    {
        var path = Write("config", Config("app", "app", "https://app.example:6443"));
        var e = Assert.Throws<KubeException>(() => Kubeconfig.Load(path, null, dir).Resolve(new ClusterTarget { Cluster = "other" }));
        Assert.Equal($"cluster \"other\" of context \"app\" is not in {path}: known clusters are app", e.Message);
    }

    [Fact]
    public void No_current_context_asks_for_one()
    {
        var path = Write("config", Config("", "app", "https://app.example:6443").Replace("current-context: \n", ""));
        var e = Assert.Throws<KubeException>(() => Kubeconfig.Load(path, null, dir).Resolve(new ClusterTarget()));
        Assert.Equal($"no current context is set in {path}: pass --context or run 'kubectl config use-context NAME'", e.Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_failing_exec_credential_plugin_is_named_but_its_output_never_shown()
    {
        var plugin = Write("bin/login", "#!/bin/sh\necho 'token: super-secret-value' \nexit 1\n");
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var path = Write("config", $"""
            apiVersion: v1
            kind: Config
            current-context: app
            clusters:
            - name: app
              cluster:
                server: https://app.example:6443
            contexts:
            - name: app
              context: {"{"}cluster: app, user: sso{"}"}
            users:
            - name: sso
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {plugin}
            """);
        var e = Assert.Throws<KubeException>(() => Kubeconfig.Load(path, null, dir).Resolve(new ClusterTarget()));
        Assert.Equal($"the exec credential plugin \"{plugin}\" of user \"sso\" failed with exit code 1 and printed nothing on stderr", e.Message);
        Assert.DoesNotContain("super-secret", e.ToString());
    }
}
