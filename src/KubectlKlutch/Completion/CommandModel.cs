using KubectlKlutch.Catalog;
namespace KubectlKlutch.Completion;

/// <summary>What a word in a given place means, so the completer knows what to offer there.</summary>
public enum ValueKind
{
    /// <summary>Free text the plugin cannot guess (a namespace, a user): offer nothing, no files.</summary>
    Free,
    /// <summary>A component name from the catalog.</summary>
    Component,
    /// <summary>A component the plugin itself changes (what `rollback` takes).</summary>
    PluginComponent,
    /// <summary>A component name, or `control-plane` for the whole control plane in order.</summary>
    ComponentOrControlPlane,
    /// <summary>A Klutch release.</summary>
    Version,
    /// <summary>A context of the kubeconfig.</summary>
    Context,
    /// <summary>Contexts separated by commas (--contexts): the part after the last comma is completed.</summary>
    ContextList,
    /// <summary>A fleet named in the plugin's settings.</summary>
    Fleet,
    /// <summary>A namespace: those the catalog's components live in.</summary>
    Namespace,
    /// <summary>A path: leave it to the shell's file completion.</summary>
    File,
    /// <summary>One of a fixed list of words.</summary>
    Choice,
}

/// <summary>A flag of a verb. <paramref name="TakesValue"/> is false for switches such as --yes.</summary>
public sealed record FlagModel(string LongName, string? ShortName, bool TakesValue, ValueKind Kind, IReadOnlyList<string> Choices)
{
    /// <summary>The meaning of the kubectl-style flags the plugin shares with kubectl, by name.</summary>
    public static FlagModel Of(string longName, string? shortName, bool takesValue) => longName switch
    {
        _ when !takesValue => new(longName, shortName, false, ValueKind.Free, []),
        "context" => new(longName, shortName, true, ValueKind.Context, []),
        "contexts" => new(longName, shortName, true, ValueKind.ContextList, []),
        "kubeconfig" => new(longName, shortName, true, ValueKind.File, []),
        "fleet" => new(longName, shortName, true, ValueKind.Fleet, []),
        "namespace" => new(longName, shortName, true, ValueKind.Namespace, []),
        "output" => new(longName, shortName, true, ValueKind.Choice, ["table", "wide", "json", "yaml"]),
        "dry-run" => new(longName, shortName, true, ValueKind.Choice, ["client", "server"]),
        "wait" => new(longName, shortName, true, ValueKind.Choice, ["true", "false"]),
        _ => new(longName, shortName, true, ValueKind.Free, []),
    };
}

/// <summary>One positional argument: its kind, and the words it accepts when it is a choice.</summary>
public sealed record ArgumentModel(ValueKind Kind, IReadOnlyList<string> Choices)
{
    /// <summary>
    /// The meaning of a positional argument by the name its usage text gives it (COMPONENT,
    /// VERSION, SHELL); a COMPONENT whose help offers `control-plane`, or a VERSION whose help
    /// offers `latest`, also completes that word.
    /// </summary>
    /// <param name="verb">`rollback` takes only the components the plugin changes.</param>
    public static ArgumentModel Of(string metaName, string? helpText, string? verb = null) => metaName.ToUpperInvariant() switch
    {
        "COMPONENT" when verb == "rollback" => new(ValueKind.PluginComponent, []),
        "COMPONENT" when helpText?.Contains(ComponentCatalog.ControlPlaneGroup, StringComparison.Ordinal) == true => new(ValueKind.ComponentOrControlPlane, []),
        "COMPONENT" => new(ValueKind.Component, []),
        // `upgrade ... latest` asks the registry for the newest release.
        "VERSION" => new(ValueKind.Version, helpText?.Contains(KnownReleases.Latest, StringComparison.Ordinal) == true ? [KnownReleases.Latest] : []),
        "CONTEXT" => new(ValueKind.Context, []),
        "SHELL" => new(ValueKind.Choice, CompletionScripts.Shells),
        _ => new(ValueKind.Free, []),
    };
}

/// <summary>A verb as the shell sees it: its name, positional arguments in order, and flags.</summary>
public sealed record VerbModel(string Name, IReadOnlyList<ArgumentModel> Arguments, IReadOnlyList<FlagModel> Flags);

/// <summary>The plugin's verbs, built from the same attributes the argument parser reads.</summary>
public sealed record CommandModel(IReadOnlyList<VerbModel> Verbs)
{
    public VerbModel? Find(string verb) => Verbs.FirstOrDefault(v => v.Name == verb);
}
