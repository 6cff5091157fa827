using CommandLine;

namespace KubectlKlutch.Cli.Options;

[Verb("versions", HelpText = "Which versions exist in the registry, which is installed, which is latest.")]
public sealed class VersionsOptions : ClusterOptions
{
    [Value(0, MetaName = "COMPONENT", HelpText = "One component (or control-plane); default: every component found in the cluster.")]
    public string? Component { get; set; }

    [Option("all-components", HelpText = "Every component of the catalog, from its public repository; needs no cluster.")]
    public bool AllComponents { get; set; }

    [Option("pre", HelpText = "Also list release candidates.")]
    public bool PreReleases { get; set; }
}
