using CommandLine;
using CommandLine.Text;

namespace KubectlKlutch.Cli.Options;

[Verb("completion", HelpText = "Print a shell completion script (bash, zsh, fish, powershell); its first lines say how kubectl completes the plugin.")]
public sealed class CompletionOptions
{
    [Value(0, MetaName = "SHELL", Required = true, HelpText = "bash, zsh, fish or powershell.")]
    public string Shell { get; set; } = "";

    [Usage(ApplicationAlias = "kubectl klutch")]
    public static IEnumerable<Example> Examples =>
    [
        new("Complete kubectl-klutch in bash (kubectl klutch itself completes through kubectl_complete-klutch)", new CompletionOptions { Shell = "bash" }),
    ];
}
