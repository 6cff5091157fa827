using KubectlKlutch.Cli.Options;
using KubectlKlutch.Completion;

namespace KubectlKlutch.Cli.Commands;

/// <summary>
/// `completion SHELL` prints a script; `__complete WORDS...` (cobra's hidden protocol, also what
/// kubectl runs as `kubectl_complete-klutch WORDS...`) prints the candidates for the last word.
/// </summary>
public static class CompletionCommand
{
    /// <summary>The hidden verb, and the executable name kubectl runs for plugin completion.</summary>
    public const string Protocol = "__complete";
    public const string CompletionExecutable = "kubectl_complete-klutch";

    public static int Run(CompletionOptions options, CliIo io)
    {
        var script = CompletionScripts.For(options.Shell.ToLowerInvariant());
        if (script is null)
            throw new UsageException($"unsupported shell \"{options.Shell}\": choose one of {string.Join(", ", CompletionScripts.Shells)}");
        io.Out.Write(script);
        return ExitCodes.Success;
    }

    /// <summary>Never fails: a shell waiting for candidates gets a directive, not an error message.</summary>
    public static int Complete(IReadOnlyList<string> words, CliIo io)
    {
        var result = Completer.Complete(Model, words, kubeconfig => ClusterSession.Kubeconfigs(kubeconfig, io).ContextNames(),
            () => RegistrySession.Settings(io).Fleets.Keys.Order());
        io.Out.Write(result.Render());
        return ExitCodes.Success;
    }

    /// <summary>The verbs as the shell sees them, read from the attributes the parser reads, so a new verb completes without a change here.</summary>
    public static CommandModel Model { get; } = new([.. VerbSpecs.All.Select(v => new VerbModel(v.Name,
        [.. v.Arguments.Select(a => ArgumentModel.Of(a.MetaName, a.HelpText, v.Name))],
        [.. v.Flags.Select(f => FlagModel.Of(f.LongName, f.ShortName, !f.IsBool))]))]);
}
