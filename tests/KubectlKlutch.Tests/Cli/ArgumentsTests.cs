using KubectlKlutch.Cli;

namespace KubectlKlutch.Tests.Cli;

public class ArgumentsTests
{
    private static string Parsed(string given) => string.Join(' ', Arguments.Normalize(given.Split(' ')).Args);

    [Theory]
    [InlineData("status -o=json", "status --output=json --")]
    [InlineData("status -ojson", "status --output=json --")]
    [InlineData("status --v=6", "status --verbosity=6 --")]
    [InlineData("status -v=8 -n=bind", "status --verbosity=8 --namespace=bind --")]
    [InlineData("status --output=yaml --context=prod", "status --output=yaml --context=prod --")]
    [InlineData("--context prod status", "status --context=prod --")]
    [InlineData("--kubeconfig=k -v 6 status -o json", "status --kubeconfig=k --verbosity=6 --output=json --")]
    [InlineData("rollback konnector --wait", "rollback --wait=true -- konnector")]
    [InlineData("rollback konnector --wait=0", "rollback --wait=false -- konnector")]
    [InlineData("upgrade konnector v1.3.1 --dry-run", "upgrade --dry-run=client -- konnector v1.3.1")]
    [InlineData("upgrade --contexts app-* konnector v1.3.1", "upgrade --contexts=app-* -- konnector v1.3.1")]
    [InlineData("status --max-parallel -1 --all-contexts", "status --max-parallel=-1 --all-contexts --")]
    public void Gives_the_parser_one_spelling(string given, string parsed) => Assert.Equal(parsed, Parsed(given));

    [Theory]
    [InlineData("upgrade konnector v1.3.1 --yes", "upgrade --yes -- konnector v1.3.1")]
    [InlineData("upgrade konnector v1.3.1 --yes=true", "upgrade --yes -- konnector v1.3.1")]
    [InlineData("upgrade konnector v1.3.1 --yes=false", "upgrade -- konnector v1.3.1")]
    [InlineData("upgrade konnector v1.3.1 -y=false", "upgrade -- konnector v1.3.1")]
    [InlineData("upgrade konnector v1.3.1 --yes --yes=false", "upgrade -- konnector v1.3.1")]
    [InlineData("upgrade konnector v1.3.1 --allow-downgrade=false --skip-registry-check=F", "upgrade -- konnector v1.3.1")]
    [InlineData("upgrade konnector v1.3.1 --allow-downgrade=1", "upgrade --allow-downgrade -- konnector v1.3.1")]
    [InlineData("status --all-contexts=false", "status --")]
    [InlineData("version --client=false", "version --")]
    public void Bools_take_true_and_false_as_pflag_does(string given, string parsed) => Assert.Equal(parsed, Parsed(given));

    [Theory]
    [InlineData("", null)]
    [InlineData("help", null)]
    [InlineData("--help", null)]
    [InlineData("-h", null)]
    [InlineData("help status", "status")]
    [InlineData("status -h", "status")]
    [InlineData("upgrade --help", "upgrade")]
    [InlineData("upgrade konnector -h", "upgrade")]
    public void Help_is_asked_for_the_plugin_or_a_verb(string given, string? verb)
    {
        var result = Arguments.Normalize(given.Length == 0 ? [] : given.Split(' '));
        Assert.True(result.Help);
        Assert.Equal(verb, result.Verb?.Name);
    }

    [Theory]
    [InlineData("upgrade konnector v1.3.1 extra", "unexpected argument \"extra\": usage: kubectl klutch upgrade COMPONENT VERSION [flags]")]
    [InlineData("versions konnector backend", "unexpected argument \"backend\": usage: kubectl klutch versions [COMPONENT] [flags]")]
    [InlineData("rollback konnector -y --wait false", "unexpected argument \"false\" (to give --wait a value, write --wait=false): usage: kubectl klutch rollback COMPONENT [flags]")]
    [InlineData("status now", "unexpected argument \"now\": usage: kubectl klutch status [flags]")]
    [InlineData("upgrade", "missing COMPONENT and VERSION: usage: kubectl klutch upgrade COMPONENT VERSION [flags]")]
    [InlineData("upgrade konnector", "missing VERSION: usage: kubectl klutch upgrade COMPONENT VERSION [flags]")]
    [InlineData("rollback", "missing COMPONENT: usage: kubectl klutch rollback COMPONENT [flags]")]
    [InlineData("status -o", "flag needs an argument: -o: see 'kubectl klutch status --help'")]
    [InlineData("status --context", "flag needs an argument: --context: see 'kubectl klutch status --help'")]
    [InlineData("upgrade konnector v1.3.1 --yes=maybe", "invalid argument \"maybe\" for \"--yes\" flag: use true or false")]
    [InlineData("rollback konnector --wait=soon", "invalid argument \"soon\" for \"--wait\" flag: use true or false")]
    [InlineData("status --bogus", "unknown flag: --bogus: see 'kubectl klutch status --help'")]
    [InlineData("status -x", "unknown shorthand flag: 'x' in -x: see 'kubectl klutch status --help'")]
    [InlineData("status --yes", "unknown flag: --yes: see 'kubectl klutch status --help'")]
    [InlineData("statuz", "unknown command \"statuz\" for \"kubectl klutch\": see 'kubectl klutch --help'")]
    [InlineData("help statuz", "unknown command \"statuz\" for \"kubectl klutch\": see 'kubectl klutch --help'")]
    [InlineData("--context prod", "no command given: usage: kubectl klutch COMMAND [flags]; see 'kubectl klutch --help'")]
    public void Refuses_in_one_sentence(string given, string sentence) =>
        Assert.Equal(sentence, Assert.Throws<UsageException>(() => Arguments.Normalize(given.Split(' '))).Message);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1m30s", 90)]
    [InlineData("2h", 7200)]
    [InlineData("10", 10)]
    [InlineData("1200h", 1200 * 3600)]
    public void Reads_kubectl_durations(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromSeconds(seconds), d);
    }

    [Theory]
    [InlineData("five")]
    [InlineData("5 m")]
    [InlineData("-5s")]
    [InlineData("")]
    [InlineData("99999999999999999999999h")]
    [InlineData("9999999999999h")]
    public void Refuses_what_is_not_a_duration(string text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData(null, 5)]
    [InlineData("30s", 30)]
    [InlineData("0", -1)]
    [InlineData("0s", -1)]
    [InlineData("1200h", -1)]
    public void A_request_timeout_of_0_or_beyond_a_timer_is_none(string? text, int seconds) =>
        Assert.Equal(seconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds),
            FlagValues.Duration("--request-timeout", text, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan));

    [Theory]
    [InlineData("mirror.example:5000/klutch")]
    [InlineData("mirror.example")]
    [InlineData("localhost:5000/a/b")]
    [InlineData("registry.example.com/team_a/klutch-images")]
    public void Takes_a_registry_host_and_path(string registry) => Assert.Equal(registry, FlagValues.Registry(registry));

    [Theory]
    [InlineData("https://mirror.example/x")]
    [InlineData("a b")]
    [InlineData("/leading")]
    [InlineData("host:port:bad/x")]
    [InlineData("mirror.example:99999/x")]
    [InlineData("mirror.example/Upper")]
    [InlineData("mirror.example/x/")]
    [InlineData("klutch")]
    [InlineData("")]
    [InlineData("mirrör.example/x")]
    public void Refuses_what_is_not_a_registry_host_and_path(string registry)
    {
        var e = Assert.Throws<UsageException>(() => FlagValues.Registry(registry));
        Assert.EndsWith("is not a registry host and path: give it as mirror.example:5000/klutch (no scheme, no spaces, lower-case path)", e.Message);
    }

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(90, "1m30s")]
    [InlineData(300, "5m")]
    public void Formats_durations_as_kubectl_does(int seconds, string text) => Assert.Equal(text, Durations.Format(TimeSpan.FromSeconds(seconds)));
}
