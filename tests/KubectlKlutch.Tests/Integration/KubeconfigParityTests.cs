using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// Kubeconfig entries that kubectl honours, each run by real kubectl and by the plugin against
/// the same test server with the same kubeconfig file: what works for one works for the other,
/// and what fails says the same thing.
/// </summary>
public class KubeconfigParityTests
{
    private const string TokenLine = "    token: ";

    [Fact]
    public async Task A_tokenFile_user_works_as_in_kubectl_and_its_token_is_never_logged()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        File.WriteAllText(Beside(server, "token"), server.Token + "\n");
        SetUser(server, "    tokenFile: token"); // relative: to the kubeconfig's directory, as kubectl resolves it

        var kubectl = await Kubectl.RunAsync(server, "get", "deployments", "-A");
        var plugin = await Klutch.RunAsync(server, "status", "-v=6");

        Assert.True(kubectl.ExitCode == 0, kubectl.ToString());
        Assert.True(plugin.ExitCode == 0, plugin.ToString());
        Assert.Contains("konnector", plugin.Stdout);
        Assert.Contains("I GET https://", plugin.Stderr);
        Assert.DoesNotContain(server.Token, plugin.Stdout + plugin.Stderr);
    }

    [Theory]
    [InlineData("missing", "does not exist: fix the path in the kubeconfig or create the file")]
    [InlineData("directory", "cannot be read (it is a directory): point it at the file that holds the token")]
    [InlineData("empty", "is empty: write the token into it or fix the path in the kubeconfig")]
    public async Task A_tokenFile_that_cannot_be_read_is_named_in_one_sentence_before_any_request(string kind, string says)
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var tokenFile = Beside(server, "token-" + kind);
        if (kind == "directory") Directory.CreateDirectory(tokenFile);
        if (kind == "empty") File.WriteAllText(tokenFile, "\n");
        SetUser(server, $"    tokenFile: {tokenFile}");

        var plugin = await Klutch.RunAsync(server, "status");

        Assert.Equal(2, plugin.ExitCode);
        Assert.Equal($"error: the tokenFile {tokenFile} of user \"klutch-tester\" {says}\n", plugin.Stderr);
        Assert.Empty(server.Requests);
        if (kind != "empty") // kubectl treats an empty file as no token and asks for a user name
        {
            var kubectl = await Kubectl.RunAsync(server, "get", "namespaces");
            Assert.NotEqual(0, kubectl.ExitCode);
            Assert.Contains(tokenFile, kubectl.Stderr);
        }
    }

    [Fact]
    public async Task An_exec_plugin_whose_arguments_hold_spaces_and_quotes_works_as_in_kubectl()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var credential = """{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {"token": "TOKEN"}}""".Replace("TOKEN", server.Token);
        // The env entry's value has a space too: the script fails unless it arrives whole.
        SetExec(server, "sh", ["-c", $"[ \"$GREETING\" = 'hello there' ] || exit 7; echo '{credential}'"], env: ("GREETING", "hello there"));

        var kubectl = await Kubectl.RunAsync(server, "get", "deployments", "-A");
        var plugin = await Klutch.RunAsync(server, "status", "-v=6");

        Assert.True(kubectl.ExitCode == 0, kubectl.ToString());
        Assert.True(plugin.ExitCode == 0, plugin.ToString());
        Assert.Contains("konnector", plugin.Stdout);
        Assert.DoesNotContain(server.Token, plugin.Stdout + plugin.Stderr);
    }

    [Fact]
    public async Task A_failing_exec_plugin_shows_its_stderr_never_its_stdout()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        SetExec(server, "sh", ["-c", "echo 'token: secret-on-stdout'; echo 'your session expired: run sso-login' >&2; exit 3"]);

        var plugin = await Klutch.RunAsync(server, "status", "-v=6");
        var kubectl = await Kubectl.RunAsync(server, "get", "namespaces");

        Assert.Equal(1, plugin.ExitCode);
        Assert.Equal("error: the exec credential plugin \"sh\" of user \"klutch-tester\" failed with exit code 3: your session expired: run sso-login\n", plugin.Stderr);
        Assert.DoesNotContain("secret-on-stdout", plugin.Stdout + plugin.Stderr);
        Assert.Contains("your session expired: run sso-login", kubectl.Stderr);
        Assert.DoesNotContain("secret-on-stdout", kubectl.Stdout + kubectl.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_missing_exec_command_says_not_found_and_names_it()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        SetExec(server, "no-such-sso-login", [], installHint: "install it from the intranet");

        var plugin = await Klutch.RunAsync(server, "status");
        var kubectl = await Kubectl.RunAsync(server, "get", "namespaces");

        Assert.Equal(2, plugin.ExitCode);
        Assert.Equal("error: the exec credential plugin \"no-such-sso-login\" of user \"klutch-tester\" was not found: install it or fix its command in the kubeconfig (the kubeconfig says: install it from the intranet)\n", plugin.Stderr);
        Assert.Contains("executable no-such-sso-login not found", kubectl.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_certificate_authority_file_is_read_and_a_missing_one_is_named()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var data = CaData(server);
        File.WriteAllBytes(Beside(server, "ca.crt"), Convert.FromBase64String(data));
        Edit(server, k => k.Replace($"certificate-authority-data: {data}", "certificate-authority: ca.crt"));

        var kubectl = await Kubectl.RunAsync(server, "get", "namespaces");
        var plugin = await Klutch.RunAsync(server, "status");

        Assert.True(kubectl.ExitCode == 0, kubectl.ToString());
        Assert.True(plugin.ExitCode == 0, plugin.ToString());

        var missing = Beside(server, "missing-ca.crt");
        Edit(server, k => k.Replace("certificate-authority: ca.crt", $"certificate-authority: {missing}"));
        var before = server.Requests.Count;
        var badKubectl = await Kubectl.RunAsync(server, "get", "namespaces");
        var badPlugin = await Klutch.RunAsync(server, "status");

        Assert.Contains(missing, badKubectl.Stderr);
        Assert.Equal(2, badPlugin.ExitCode);
        Assert.Equal($"error: the certificate-authority file {missing} of cluster \"klutch-test\" does not exist: fix the path in the kubeconfig\n", badPlugin.Stderr);
        Assert.Equal(before, server.Requests.Count);
    }

    [Fact]
    public async Task The_kubeconfig_users_impersonation_is_sent_and_the_flags_win_field_by_field()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        SetUser(server, $"""
            {TokenLine}{server.Token}
                as: alice
                as-groups: [ops]
                as-uid: uid-1
                as-user-extra:
                  reason: ["on call, ticket 42"]
                  scopes.example.com/team: ["a"]
            """);
        string[] fromKubeconfig =
        [
            "impersonate-extra-reason: on call, ticket 42", "impersonate-extra-scopes.example.com%2fteam: a",
            "impersonate-group: ops", "impersonate-uid: uid-1", "impersonate-user: alice",
        ];

        Assert.Equal(fromKubeconfig, await ImpersonationOf(server, Kubectl.RunAsync(server, "get", "namespaces")));
        Assert.Equal(fromKubeconfig, await ImpersonationOf(server, Klutch.RunAsync(server, "status")));

        string[] flags = ["--as", "bob", "--as-uid", "uid-2", "--as-group", "auditors"];
        string[] withFlags =
        [
            "impersonate-extra-reason: on call, ticket 42", "impersonate-extra-scopes.example.com%2fteam: a",
            "impersonate-group: auditors", "impersonate-uid: uid-2", "impersonate-user: bob",
        ];
        Assert.Equal(withFlags, await ImpersonationOf(server, Kubectl.RunAsync(server, ["get", "namespaces", .. flags])));
        Assert.Equal(withFlags, await ImpersonationOf(server, Klutch.RunAsync(server, ["status", .. flags])));
    }

    [Fact]
    public async Task Impersonated_groups_without_a_user_are_refused_as_kubectl_refuses_them()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        SetUser(server, $"{TokenLine}{server.Token}\n    as-groups: [ops]");

        var kubectl = await Kubectl.RunAsync(server, "get", "namespaces");
        var plugin = await Klutch.RunAsync(server, "status");

        Assert.Contains("without impersonating a user", kubectl.Stderr);
        Assert.Equal(2, plugin.ExitCode);
        Assert.Equal("error: user \"klutch-tester\" asks for impersonated groups, a uid or user-extra without a user to impersonate: add --as or the kubeconfig user's 'as'\n", plugin.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Two_impersonated_groups_are_refused_rather_than_sent_as_one()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        SetUser(server, $"{TokenLine}{server.Token}\n    as: alice\n    as-groups: [ops, dev]");

        var kubectl = await Kubectl.RunAsync(server, "get", "namespaces");
        var byKubectl = server.Requests.Count;
        var plugin = await Klutch.RunAsync(server, "status");

        // kubectl sends one header field per group; .NET's client cannot, so the plugin says so.
        Assert.True(kubectl.ExitCode == 0, kubectl.ToString());
        Assert.Contains("impersonate-group: dev", server.Requests[0].Impersonation);
        Assert.Equal(2, plugin.ExitCode);
        Assert.Equal("error: impersonating more than one group (ops, dev) is not supported: the plugin would send them as the one group \"ops, dev\"; impersonate one group\n", plugin.Stderr);
        Assert.Equal(byKubectl, server.Requests.Count);
    }

    [Fact]
    public async Task A_proxy_url_carries_every_connection_through_the_proxy()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        await using var proxy = new ConnectProxy();
        Edit(server, k => k.Replace($"    server: {server.BaseAddress.GetLeftPart(UriPartial.Authority)}\n",
            $"    server: {server.BaseAddress.GetLeftPart(UriPartial.Authority)}\n    proxy-url: {proxy.Address}\n"));
        var target = $"127.0.0.1:{server.BaseAddress.Port}";

        var kubectl = await Kubectl.RunAsync(server, "get", "namespaces");
        var throughKubectl = proxy.Tunnels.Count;
        var plugin = await Klutch.RunAsync(server, "status");

        Assert.True(kubectl.ExitCode == 0, kubectl.ToString());
        Assert.True(plugin.ExitCode == 0, plugin.ToString());
        Assert.True(throughKubectl > 0, "kubectl opened no tunnel");
        Assert.True(proxy.Tunnels.Count > throughKubectl, "the plugin opened no tunnel");
        Assert.All(proxy.Tunnels, t => Assert.Equal(target, t));
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_works_with_one_warning_line_that_says_what_it_means()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        Edit(server, k => k.Replace($"certificate-authority-data: {CaData(server)}", "insecure-skip-tls-verify: true"));

        var kubectl = await Kubectl.RunAsync(server, "get", "namespaces");
        var plugin = await Klutch.RunAsync(server, "status");

        Assert.True(kubectl.ExitCode == 0, kubectl.ToString());
        Assert.True(plugin.ExitCode == 0, plugin.ToString());
        Assert.Equal("warning: cluster \"klutch-test\" sets insecure-skip-tls-verify: the API server's certificate is not checked, so anyone on the network path could read or change this traffic\n", plugin.Stderr);
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_beside_a_certificate_authority_is_refused_as_kubectl_refuses_it()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        Edit(server, k => k.Replace($"certificate-authority-data: {CaData(server)}", $"certificate-authority-data: {CaData(server)}\n    insecure-skip-tls-verify: true"));

        var kubectl = await Kubectl.RunAsync(server, "get", "namespaces");
        var plugin = await Klutch.RunAsync(server, "status");

        Assert.Contains("specifying a root certificates file with the insecure flag is not allowed", kubectl.Stderr);
        Assert.Equal(2, plugin.ExitCode);
        Assert.Equal("error: cluster \"klutch-test\" sets both insecure-skip-tls-verify and a certificate authority, which kubectl refuses too: remove one of them from the kubeconfig\n", plugin.Stderr);
        Assert.Empty(server.Requests);
    }

    /// <summary>The one set of impersonation headers every request of a run carried, sorted.</summary>
    private static async Task<string[]> ImpersonationOf(TestApiServer server, Task<CliRun> run)
    {
        var before = server.Requests.Count;
        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());
        var sets = server.Requests.Skip(before).Select(r => string.Join("\n", r.Impersonation.Order(StringComparer.Ordinal))).Distinct().ToList();
        return Assert.Single(sets).Split('\n');
    }

    private static string Beside(TestApiServer server, string name) => Path.Combine(Path.GetDirectoryName(server.KubeconfigPath)!, name);

    // The test server's kubeconfig itself is edited, so that kubectl and the plugin read the same file.
    private static void Edit(TestApiServer server, Func<string, string> change)
    {
        var original = File.ReadAllText(server.KubeconfigPath);
        var changed = change(original);
        Assert.NotEqual(original, changed);
        File.WriteAllText(server.KubeconfigPath, changed);
    }

    /// <summary>Replaces the user's token line with other fields of the user, indented as under `user:`.</summary>
    private static void SetUser(TestApiServer server, string fields) =>
        Edit(server, k => k.Replace(TokenLine + server.Token + "\n", fields.TrimEnd('\n') + "\n"));

    private static void SetExec(TestApiServer server, string command, string[] args, (string Name, string Value)? env = null, string? installHint = null)
    {
        var lines = new List<string>
        {
            "    exec:", "      apiVersion: client.authentication.k8s.io/v1", "      interactiveMode: Never",
            $"      command: {command}", $"      args: [{string.Join(", ", args.Select(Quote))}]",
        };
        if (env is { } e) lines.Add($"      env: [{{name: {e.Name}, value: {Quote(e.Value)}}}]");
        if (installHint is not null) lines.Add($"      installHint: {Quote(installHint)}");
        SetUser(server, string.Join("\n", lines));
    }

    // A YAML double-quoted scalar.
    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string CaData(TestApiServer server) =>
        File.ReadAllLines(server.KubeconfigPath).Select(l => l.Trim()).First(l => l.StartsWith("certificate-authority-data:"))["certificate-authority-data: ".Length..];
}
