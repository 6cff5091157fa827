using System.Text.RegularExpressions;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Golden;

/// <summary>
/// Replaces what differs from one run to the next, and nothing else, so that a golden file pins
/// the shape and the values: the test servers' URLs (a port chosen by the kernel), the paths of
/// their kubeconfigs (temporary directories), timestamps, and the plugin's own version (stamped
/// by the build). Ages ("updated 3 hours ago") stay: the test cluster seeds every object three
/// hours before the run, so the age is a value, and the one the table must show.
/// </summary>
public sealed partial class Scrubber
{
    private readonly List<(Regex Pattern, string Placeholder)> rules =
    [
        (Timestamp(), "<time>"),
        (Literal(PluginVersion.Current), "<plugin-version>"),
    ];

    /// <summary>One server of a single-cluster run: its URL becomes https://&lt;server&gt;.</summary>
    public static Scrubber For(TestApiServer server) => new Scrubber().Server(server, "server").Kubeconfig(server.KubeconfigPath);

    /// <summary>A server's URL becomes https://&lt;name&gt; (name it after its context, so that a fleet's servers stay apart).</summary>
    public Scrubber Server(TestApiServer server, string name) => Add(server.BaseAddress.ToString().TrimEnd('/'), $"https://<{name}>");

    public Scrubber Kubeconfig(string path) => Add(path, "<kubeconfig>");

    public Scrubber Add(string literal, string placeholder)
    {
        rules.Add((Literal(literal), placeholder));
        return this;
    }

    public string Apply(string text) => rules.Aggregate(text, (t, rule) => rule.Pattern.Replace(t, rule.Placeholder));

    /// <summary>The literal, not followed by a digit: port 4123 is not the start of port 41234.</summary>
    private static Regex Literal(string literal) => new(Regex.Escape(literal) + @"(?!\d)");

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")]
    private static partial Regex Timestamp();
}
