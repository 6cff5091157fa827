using CommandLine;

namespace KubectlKlutch.Cli.Options;

[Verb("rollback", HelpText = "Go back to the version the last upgrade replaced, and follow the rollout to its end.")]
public sealed class RollbackOptions : ChangeOptions
{
    [Value(0, MetaName = "COMPONENT", Required = true, HelpText = "The component to roll back.")]
    public string Component { get; set; } = "";
}
