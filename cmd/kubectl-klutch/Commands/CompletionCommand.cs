using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using CommandLine;
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
        var result = Completer.Complete(Model, words, kubeconfig => ClusterSession.Kubeconfigs(kubeconfig, io).ContextNames());
        io.Out.Write(result.Render());
        return ExitCodes.Success;
    }

    /// <summary>The verbs as the shell sees them, read from the attributes the parser reads, so a new verb completes without a change here.</summary>
    public static CommandModel Model { get; } = new([.. Cli.Verbs.Select(Describe).OfType<VerbModel>()]);

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Program keeps every member of every options type with [DynamicDependency]; the published-binary tests complete every verb.")]
    private static VerbModel? Describe(Type options)
    {
        var verb = options.GetCustomAttribute<VerbAttribute>();
        if (verb is null || verb.Hidden) return null;
        var properties = options.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var arguments = properties
            .Select(p => p.GetCustomAttribute<ValueAttribute>())
            .OfType<ValueAttribute>()
            .OrderBy(v => v.Index)
            .Select(v => ArgumentModel.Of(v.MetaName, v.HelpText))
            .ToList();
        var flags = properties
            .Select(p => (Property: p, Option: p.GetCustomAttribute<OptionAttribute>()))
            .Where(x => x.Option is { Hidden: false })
            .Select(x => FlagModel.Of(x.Option!.LongName, x.Option.ShortName is { Length: > 0 } s ? s : null, x.Property.PropertyType != typeof(bool)))
            .ToList();
        return new VerbModel(verb.Name, arguments, flags);
    }
}
