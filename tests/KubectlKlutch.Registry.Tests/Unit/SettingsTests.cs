using KubectlKlutch.Settings;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry.Tests.Unit;

public sealed class SettingsTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("klutch-settings-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private string DefaultFile => Path.Combine(_home, ".kube", "klutch.json");

    private void WriteDefault(string json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DefaultFile)!);
        File.WriteAllText(DefaultFile, json);
    }

    private KlutchSettings Load(params (string Name, string Value)[] env) =>
        SettingsLoader.Load(env.ToDictionary(e => e.Name, e => (string?)e.Value), _home);

    private SettingsException Fails(params (string Name, string Value)[] env) => Assert.Throws<SettingsException>(() => Load(env));

    private const string Full = """
        {
          "Registry": {
            "Mirrors": [ { "From": "public.ecr.aws/w5n9a2g2/klutch", "To": "mirror.example:5000/klutch" },
                         { "From": "public.ecr.aws/w5n9a2g2", "To": "mirror.example:5000/all" } ],
            "Credentials": [ { "Host": "Mirror.Example:5000", "Username": "robot", "PasswordEnv": "MIRROR_PASSWORD" },
                             { "Host": "other.example", "Username": "u", "PasswordFile": "~/secret" } ],
            "Insecure": [ "mirror.example:5000" ],
            "Timeout": 12,
            "CacheTtl": 60
          },
          "Fleets": { "prod": [ "prod-eu-*", "prod-us" ], "canary": [ "staging" ] }
        }
        """;

    [Fact]
    public void No_file_and_no_variables_give_the_defaults()
    {
        var s = Load(("KLUTCH_TEST_KUBECONFIG", "/x"), ("PATH", "/bin"));
        Assert.Equal(RegistrySettings.DefaultTimeout, s.Registry.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(300), s.Registry.CacheTtl);
        Assert.Empty(s.Registry.Mirrors);
        Assert.Empty(s.Registry.Credentials);
        Assert.Empty(s.Fleets);
    }

    [Fact]
    public void The_default_file_is_read_completely()
    {
        WriteDefault(Full);
        var s = Load();
        Assert.Equal([new MirrorRule("public.ecr.aws/w5n9a2g2/klutch", "mirror.example:5000/klutch"), new MirrorRule("public.ecr.aws/w5n9a2g2", "mirror.example:5000/all")], s.Registry.Mirrors);
        Assert.Equal(new RegistryCredential("mirror.example:5000", "robot", "MIRROR_PASSWORD", null), s.Registry.CredentialFor("MIRROR.example:5000"));
        Assert.Equal(Path.Combine(_home, "secret"), s.Registry.CredentialFor("other.example")!.PasswordFile);
        Assert.True(s.Registry.IsInsecure("mirror.example:5000"));
        Assert.False(s.Registry.IsInsecure("mirror.example"));
        Assert.Equal(TimeSpan.FromSeconds(12), s.Registry.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(60), s.Registry.CacheTtl);
        Assert.Equal(["prod-eu-*", "prod-us"], s.Fleets["prod"]);
        Assert.Equal(["staging"], s.Fleets["canary"]);
    }

    [Fact]
    public void The_registry_settings_keep_the_environment_they_were_read_in()
    {
        var s = Load(("MIRROR_PASSWORD", "from-the-command"), ("DOCKER_CONFIG", "/etc/docker-elsewhere"));
        Assert.Equal(_home, s.Registry.Environment.Home);
        Assert.Equal("from-the-command", s.Registry.Environment.Variable("MIRROR_PASSWORD"));
        Assert.Null(s.Registry.Environment.Variable("PATH"));
        Assert.Equal("/etc/docker-elsewhere", s.Registry.Environment.DockerConfigDirectory);
        Assert.Equal(Path.Combine(_home, ".docker"), Load().Registry.Environment.DockerConfigDirectory);
        Assert.Equal(Path.Combine(_home, ".cache", "kubectl-klutch"), Load().Registry.Environment.CacheDirectory);
        Assert.DoesNotContain("from-the-command", s.Registry.ToString());
    }

    [Fact]
    public void Environment_variables_win_over_the_file()
    {
        WriteDefault(Full);
        var s = Load(("KLUTCH_REGISTRY__TIMEOUT", "3"),
            ("KLUTCH_REGISTRY__INSECURE", "a.example:5000, b.example"), ("KLUTCH_FLEETS__EDGE", "edge-1,edge-2"),
            ("KLUTCH_REGISTRY__MIRRORS__0__TO", "other.example/k"));
        Assert.Equal(TimeSpan.FromSeconds(3), s.Registry.Timeout);
        Assert.Equal(["a.example:5000", "b.example"], s.Registry.Insecure);
        Assert.Equal(["edge-1", "edge-2"], s.Fleets["edge"]);
        Assert.Equal(new MirrorRule("public.ecr.aws/w5n9a2g2/klutch", "other.example/k"), s.Registry.Mirrors[0]);
        Assert.Equal(TimeSpan.FromSeconds(60), s.Registry.CacheTtl); // untouched: still from the file
    }

    [Fact]
    public void KLUTCH_CONFIG_names_another_file()
    {
        var file = Path.Combine(_home, "elsewhere.json");
        File.WriteAllText(file, """{ "Registry": { "Timeout": 7 } }""");
        WriteDefault("""{ "Registry": { "Timeout": 99 } }""");
        Assert.Equal(TimeSpan.FromSeconds(7), Load(("KLUTCH_CONFIG", file)).Registry.Timeout);
    }

    [Fact]
    public void A_missing_KLUTCH_CONFIG_file_is_an_error()
    {
        var file = Path.Combine(_home, "missing.json");
        Assert.Equal($"Settings file {file} named by KLUTCH_CONFIG does not exist; create it or unset KLUTCH_CONFIG.",
            Fails(("KLUTCH_CONFIG", file)).Message);
    }

    [Fact]
    public void An_empty_file_is_the_defaults()
    {
        WriteDefault("  \n");
        Assert.Equal(RegistrySettings.DefaultTimeout, Load().Registry.Timeout);
    }

    [Fact]
    public void Invalid_json_names_the_file()
    {
        WriteDefault("{ \"Registry\": { \"Timeout\": 3, } ");
        var e = Fails();
        Assert.StartsWith($"Settings file {DefaultFile} is not valid JSON (", e.Message);
        Assert.EndsWith($"); fix it or point KLUTCH_CONFIG elsewhere.", e.Message);
    }

    [Fact]
    public void Unknown_setting_in_the_file()
    {
        WriteDefault("""{ "Registry": { "Timeuot": 3 } }""");
        Assert.Equal($"Setting Registry:Timeuot in settings file {DefaultFile} is not a known setting under Registry (known: Mirrors, Credentials, Insecure, Timeout, CacheTtl).",
            Fails().Message);
    }

    [Fact]
    public void Unknown_top_level_setting_in_the_file()
    {
        WriteDefault("""{ "Mirror": "x" }""");
        Assert.Equal($"Setting Mirror in settings file {DefaultFile} is not a known setting (known: Registry, Fleets).", Fails().Message);
    }

    [Fact]
    public void UpdateCheck_is_no_longer_a_setting()
    {
        // It never did anything: Krew tells users about plugin updates (kubectl krew upgrade).
        WriteDefault("""{ "UpdateCheck": false }""");
        Assert.Equal($"Setting UpdateCheck in settings file {DefaultFile} is not a known setting (known: Registry, Fleets).", Fails().Message);
        File.Delete(DefaultFile);
        Assert.Equal(RegistrySettings.DefaultTimeout, Load(("KLUTCH_UPDATECHECK", "false")).Registry.Timeout); // not a setting's name: ignored like other KLUTCH_ variables
    }

    [Fact]
    public void Malformed_timeout_from_the_environment_names_the_variable()
    {
        WriteDefault(Full);
        Assert.Equal("Setting Registry:Timeout in environment variable KLUTCH_REGISTRY__TIMEOUT must be a positive number of seconds (at most 86400), not 'soon'.",
            Fails(("KLUTCH_REGISTRY__TIMEOUT", "soon")).Message);
    }

    [Fact]
    public void Malformed_values_in_the_file()
    {
        WriteDefault("""{ "Registry": { "CacheTtl": -1 } }""");
        Assert.Equal($"Setting Registry:CacheTtl in settings file {DefaultFile} must be a non-negative number of seconds (at most 86400), not '-1'.", Fails().Message);

        WriteDefault("""{ "Registry": { "Mirrors": [ { "From": "public.ecr.aws/w5n9a2g2/klutch" } ] } }""");
        Assert.Equal($"Setting Registry:Mirrors:0:To in settings file {DefaultFile} is required.", Fails().Message);

        WriteDefault("""{ "Registry": { "Mirrors": [ { "From": "public.ecr.aws", "To": "m.example/k" } ] } }""");
        Assert.Equal($"Setting Registry:Mirrors:0:From in settings file {DefaultFile} must be a registry host followed by a repository path, like public.ecr.aws/w5n9a2g2/klutch, not 'public.ecr.aws'.", Fails().Message);

        WriteDefault("""{ "Registry": { "Mirrors": { "From": "a.example/x", "To": "b.example/y" } } }""");
        Assert.Equal($"Setting Registry:Mirrors:From in settings file {DefaultFile} is not a list position; this setting must be a JSON list.", Fails().Message);

        WriteDefault("""{ "Registry": { "Credentials": [ { "Host": "m.example", "Username": "u" } ] } }""");
        Assert.Equal($"Setting Registry:Credentials:0 in settings file {DefaultFile} must set exactly one of PasswordEnv (the name of an environment variable holding the password) and PasswordFile (a file holding it).", Fails().Message);

        WriteDefault("""{ "Registry": { "Credentials": [ { "Host": "m.example", "Username": "u", "Password": "hunter2" } ] } }""");
        Assert.Equal($"Setting Registry:Credentials:0:Password in settings file {DefaultFile} is not a known setting under Registry:Credentials:0 (known: Host, Username, PasswordEnv, PasswordFile).", Fails().Message);

        WriteDefault("""{ "Fleets": { "x": [ { "a": 1 } ] } }""");
        Assert.Equal($"Setting Fleets:x:0 in settings file {DefaultFile} must be a list of strings.", Fails().Message);

        WriteDefault("""{ "Fleets": { "prod": [] } }""");
        Assert.Equal($"Setting Fleets:prod in settings file {DefaultFile} must list at least one context name or pattern.", Fails().Message);
    }

    [Fact]
    public void Credentials_never_print_a_password()
    {
        var credential = new RegistryCredential("mirror.example", "robot", "MIRROR_PASSWORD", null);
        Assert.Equal("robot@mirror.example (password from environment variable MIRROR_PASSWORD)", credential.ToString());
        var settings = RegistrySettings.Default with { Credentials = [credential] };
        Assert.DoesNotContain("hunter2", settings.ToString());
    }

    [Theory]
    [InlineData("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", "mirror.example:5000/klutch/konnector:v1.3.0")]
    [InlineData("public.ecr.aws/w5n9a2g2/klutch:v1", "mirror.example:5000/klutch:v1")]
    [InlineData("public.ecr.aws/w5n9a2g2/anynines/konnector:v1.2.0", "mirror.example:5000/all/anynines/konnector:v1.2.0")]
    [InlineData("public.ecr.aws/w5n9a2g2/klutchy/konnector:v1", "mirror.example:5000/all/klutchy/konnector:v1")]
    [InlineData("public.ecr.aws/other/konnector:v1", "public.ecr.aws/other/konnector:v1")]
    [InlineData("public.ecr.aws/w5n9a2g2/klutch/konnector@sha256:0123", "mirror.example:5000/klutch/konnector@sha256:0123")]
    public void Mirror_rewrite_uses_the_longest_matching_prefix_on_path_boundaries(string from, string expected)
    {
        var settings = RegistrySettings.Default with
        {
            Mirrors = [new MirrorRule("public.ecr.aws/w5n9a2g2", "mirror.example:5000/all"), new MirrorRule("public.ecr.aws/w5n9a2g2/klutch", "mirror.example:5000/klutch")],
        };
        Assert.Equal(expected, settings.Rewrite(ImageReference.Parse(from)).ToString());
    }
}
