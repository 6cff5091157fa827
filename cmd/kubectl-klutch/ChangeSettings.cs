using KubectlKlutch.Output;

namespace KubectlKlutch.Cli;

/// <summary>How a change is named to people: "upgrade konnector to v1.3.1", "upgrade", "upgraded".</summary>
public sealed record ChangeKind(string Action, string Verb, string Done);

public enum DryRun
{
    None,
    Client,
    Server,
}

/// <summary>The flags of `upgrade` and `rollback`, parsed.</summary>
public sealed record ChangeSettings(OutputFormat Format, DryRun DryRun, bool Wait, TimeSpan Timeout, bool Yes, bool RollbackOnFailure, bool ContinueOnError);
