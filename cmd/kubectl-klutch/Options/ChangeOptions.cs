using CommandLine;

namespace KubectlKlutch.Cli.Options;

/// <summary>The flags of every verb that changes the cluster: confirmation, dry runs, waiting.</summary>
public abstract class ChangeOptions : FleetOptions
{
    [Option('y', "yes", HelpText = "Do not ask for confirmation (needed when there is no terminal).")]
    public bool Yes { get; set; }

    [Option("dry-run", HelpText = "client: print the plan and stop; server: send the patch with dryRun=All and report what would be stored.")]
    public string? DryRun { get; set; }

    [Option("wait", HelpText = "Follow the rollout to its end (default true; --wait=false to only patch).")]
    public string? Wait { get; set; }

    [Option("continue-on-error", HelpText = "In a fleet, go on with the other clusters after one fails (by default the clusters after it are not touched).")]
    public bool ContinueOnError { get; set; }

    [Option("take-over", HelpText = "Patch a field that Argo CD, Flux or Helm owns and will put back (refused without it); the outcome says when it is put back.")]
    public bool TakeOver { get; set; }

    [Option("timeout", HelpText = "How long to wait for each component's rollout (default 5m).")]
    public string? Timeout { get; set; }
}
