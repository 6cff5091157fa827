using CommandLine;

namespace KubectlKlutch.Cli.Options;

[Verb("version", HelpText = "Print the plugin's version and, when a cluster is reachable, the Kubernetes server's.")]
public sealed class VersionOptions : ClusterOptions
{
    [Option("client", HelpText = "Print the plugin's version only; do not contact the cluster.")]
    public bool ClientOnly { get; set; }
}
