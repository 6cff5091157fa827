using CommandLine;

namespace KubectlKlutch.Cli.Options;

/// <summary>The flags of verbs that can act on many clusters at once: which contexts, how many at a time.</summary>
public abstract class FleetOptions : ClusterOptions
{
    // Each value is split at commas by the session, so that repeated flags add up and an empty
    // entry (--contexts "") is refused rather than taken for "no fleet", the current context.
    [Option("contexts", HelpText = "Act on these contexts: names or globs (app-*, prod-eu-?), comma-separated. Names keep their order; a glob's matches come in name order.")]
    public IEnumerable<string> Contexts { get; set; } = [];

    [Option("all-contexts", HelpText = "Act on every context of the kubeconfig.")]
    public bool AllContexts { get; set; }

    [Option("fleet", HelpText = "Act on a fleet named in the plugin's settings file (Fleets).")]
    public string? Fleet { get; set; }

    [Option("max-parallel", HelpText = "How many clusters at a time (status: default 16; upgrade and rollback: default 1, after the first).")]
    public int? MaxParallel { get; set; }

    public bool ChoosesFleet => Contexts.Any() || AllContexts || Fleet is not null;
}
