using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>
/// Every flag of every verb fed odd values, from the published binary: each is accepted as
/// kubectl would accept it or refused with exit 2 and one sentence, never a stack trace.
/// </summary>
public class OddFlagValueTests
{
    private static readonly string[] Odd = ["", "99999999999999999999", "-1", "https://mirror.example/x", "a b", "ünï€ode ✓"];

    /// <summary>Each verb with the words that make it do something real but harmless (a dry run, the client only).</summary>
    private static readonly Dictionary<string, string[]> Verbs = new()
    {
        ["status"] = ["status"],
        ["versions"] = ["versions"],
        ["upgrade"] = ["upgrade", "konnector", "v1.3.1", "--dry-run=client"],
        ["rollback"] = ["rollback", "konnector", "--dry-run=client"],
        ["version"] = ["version"],
        ["completion"] = ["completion", "bash"],
    };

    [Fact]
    public async Task Every_flag_with_every_odd_value_is_accepted_or_refused_in_one_sentence()
    {
        await using var server = await Klutch.StartAsync(Scenarios.AppCluster);
        var failures = new List<string>();
        // Each flag once, on the first verb that takes it (the shared kubectl flags mean the same everywhere).
        var flags = KubectlKlutch.Cli.VerbSpecs.All.SelectMany(v => v.Flags.Select(f => (Verb: v, Flag: f)))
            .Where(x => x.Flag.LongName != "kubeconfig").DistinctBy(x => x.Flag.LongName);
        foreach (var (verb, flag) in flags)
        foreach (var value in Odd)
        {
            string[] given = flag.IsBool ? [$"--{flag.LongName}={value}"] : [$"--{flag.LongName}", value];
            string[] args = [.. Verbs[verb.Name], .. given, "--kubeconfig", server.KubeconfigPath];
            var run = await PublishedBinary.RunAsync(args);
            var crashed = run.ExitCode is < 0 or > 4 || run.Stderr.Contains("   at ", StringComparison.Ordinal) || run.Stderr.Contains("Unhandled exception", StringComparison.Ordinal);
            var refusedBadly = run.ExitCode == 2 && !System.Text.RegularExpressions.Regex.IsMatch(run.Stderr, @"\A(?:Warning: [^\n]*\n)*error: [^\n]+\n\z");
            if (crashed || refusedBadly) failures.Add($"{string.Join(' ', args)}\n{run}");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
