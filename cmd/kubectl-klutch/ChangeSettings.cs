using KubectlKlutch.Output;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli;

/// <summary>How a change is named to people: "upgrade konnector to v1.3.1", "upgrade", "upgraded".</summary>
public sealed record ChangeWording(string Action, string Verb, string Done);

/// <summary>The flags of `upgrade` and `rollback`, parsed.</summary>
public sealed record ChangeSettings(OutputFormat Format, DryRun DryRun, bool Wait, TimeSpan Timeout, bool Yes, bool RollbackOnFailure, bool ContinueOnError)
{
    public RunSettings Run => new()
    {
        ServerDryRun = DryRun == DryRun.Server, Wait = Wait, Timeout = Timeout, RollbackOnFailure = RollbackOnFailure,
    };
}
