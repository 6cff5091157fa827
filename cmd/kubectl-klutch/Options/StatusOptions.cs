using CommandLine;
using CommandLine.Text;

namespace KubectlKlutch.Cli.Options;

[Verb("status", HelpText = "Show every Klutch component in the cluster: version, health, rollout state.")]
public sealed class StatusOptions : FleetOptions
{
    [Usage(ApplicationAlias = "kubectl klutch")]
    public static IEnumerable<Example> Examples =>
    [
        new("Show the components of the current context", new StatusOptions()),
        new("The same, for scripts", new StatusOptions { Output = "json" }),
        new("Every app cluster of the kubeconfig at once", new StatusOptions { Contexts = ["'app-*'"] }),
    ];
}
