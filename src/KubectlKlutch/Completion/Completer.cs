using KubectlKlutch.Catalog;

namespace KubectlKlutch.Completion;

/// <summary>Cobra's shell completion directives: what the shell does with the candidates.</summary>
[Flags]
public enum CompletionDirective
{
    /// <summary>Candidates as given; with none, the shell falls back to file names.</summary>
    Default = 0,
    Error = 1,
    NoSpace = 2,
    /// <summary>Never offer file names, even with no candidates.</summary>
    NoFileComp = 4,
    /// <summary>Keep the order given (newest release first) instead of sorting.</summary>
    KeepOrder = 32,
}

/// <summary>The answer to one completion request, in cobra's `__complete` protocol.</summary>
public sealed record CompletionResult(IReadOnlyList<string> Candidates, CompletionDirective Directive)
{
    /// <summary>One candidate per line, then `:DIRECTIVE`: what kubectl reads from `kubectl_complete-klutch`.</summary>
    public string Render() => string.Concat(Candidates.Select(c => c + "\n")) + ":" + (int)Directive + "\n";
}

/// <summary>
/// Completes the arguments of `kubectl klutch`: verbs, flags, component names, releases and
/// kubeconfig contexts. A pure function of the words typed so far: the kubeconfig is reached
/// only through the function it is given, so tests pass a list.
/// </summary>
public static class Completer
{

    /// <param name="model">The verbs and their flags.</param>
    /// <param name="args">The words after `kubectl klutch`; the last is the word being completed (empty for a new word).</param>
    /// <param name="contexts">The context names of the kubeconfig given with --kubeconfig (null: the default one).</param>
    /// <param name="fleets">The fleets of the plugin's settings (none when not given).</param>
    public static CompletionResult Complete(CommandModel model, IReadOnlyList<string> args, Func<string?, IEnumerable<string>> contexts,
        Func<IEnumerable<string>>? fleets = null)
    {
        var sources = new Sources(contexts, fleets ?? (() => []));
        var toComplete = args.Count == 0 ? "" : args[^1];
        var typed = args.Take(Math.Max(0, args.Count - 1)).ToList();

        if (typed.Count == 0)
        {
            return toComplete.StartsWith('-')
                ? Matching(["--help"], toComplete, CompletionDirective.NoFileComp)
                : Matching(model.Verbs.Select(v => v.Name), toComplete, CompletionDirective.NoFileComp);
        }

        var verb = model.Find(typed[0]);
        if (verb is null) return Nothing;

        // Walk the words after the verb: which flag waits for its value, how many positionals are given.
        FlagModel? pending = null;
        string? kubeconfig = null;
        var positionals = new List<string>();
        var afterDoubleDash = false;
        foreach (var word in typed.Skip(1))
        {
            // bash splits `--context=x` at the `=` (COMP_WORDBREAKS): the flag still waits for its value.
            if (pending is not null && word == "=") continue;
            if (pending is not null)
            {
                if (pending.LongName == "kubeconfig") kubeconfig = word;
                pending = null;
                continue;
            }
            if (afterDoubleDash || word == "-" || !word.StartsWith('-'))
            {
                positionals.Add(word);
                continue;
            }
            if (word == "--")
            {
                afterDoubleDash = true;
                continue;
            }
            var (flag, inlineValue) = Parse(verb, word);
            if (flag is null || !flag.TakesValue) continue;
            if (inlineValue is null) pending = flag;
            else if (flag.LongName == "kubeconfig") kubeconfig = inlineValue;
        }

        if (pending is not null) return Values(pending.Kind, pending.Choices, toComplete == "=" ? "" : toComplete, "", kubeconfig, sources, null);

        if (!afterDoubleDash && toComplete.StartsWith('-') && toComplete != "-")
        {
            // `--context=pro<TAB>` completes the value alone: cobra's scripts (kubectl's too) complete
            // the part after the `=` and put the flag back themselves.
            var equals = toComplete.IndexOf('=');
            if (equals > 0)
            {
                var (flag, value) = Parse(verb, toComplete);
                return flag is { TakesValue: true }
                    ? Values(flag.Kind, flag.Choices, value ?? "", "", kubeconfig, sources, null)
                    : Nothing;
            }
            return Matching(verb.Flags.Select(f => "--" + f.LongName).Append("--help"), toComplete, CompletionDirective.NoFileComp);
        }

        return positionals.Count < verb.Arguments.Count
            ? Values(verb.Arguments[positionals.Count].Kind, verb.Arguments[positionals.Count].Choices, toComplete, "", kubeconfig, sources, positionals.FirstOrDefault())
            : Nothing;
    }

    private sealed record Sources(Func<string?, IEnumerable<string>> Contexts, Func<IEnumerable<string>> Fleets);

    /// <summary>The releases `upgrade COMPONENT` offers: Klutch's, or the component's own when it is not versioned with Klutch.</summary>
    private static IEnumerable<string> Releases(string? component) =>
        component is null ? KnownReleases.All
        : ComponentCatalog.Find(component) is { KlutchRelease: false } c ? c.ShellReleases
        : KnownReleases.All;

    private static IEnumerable<string> Namespaces() =>
        ComponentCatalog.All.Select(c => c.Workload).OfType<DeploymentWorkload>().SelectMany(w => w.Namespaces).Distinct().Order();

    private static CompletionResult Nothing { get; } = new([], CompletionDirective.NoFileComp);

    private static (FlagModel? Flag, string? InlineValue) Parse(VerbModel verb, string word)
    {
        string name;
        string? value = null;
        if (word.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = word.IndexOf('=');
            name = equals < 0 ? word[2..] : word[2..equals];
            if (equals >= 0) value = word[(equals + 1)..];
            return (verb.Flags.FirstOrDefault(f => f.LongName == name), value);
        }
        // -n NAME, -nNAME, -o=json
        name = word.Substring(1, 1);
        if (word.Length > 2) value = word[2] == '=' ? word[3..] : word[2..];
        return (verb.Flags.FirstOrDefault(f => f.ShortName == name), value);
    }

    private static CompletionResult Values(ValueKind kind, IReadOnlyList<string> choices, string toComplete, string prefix,
        string? kubeconfig, Sources sources, string? component)
    {
        if (kind == ValueKind.ContextList)
        {
            var comma = toComplete.LastIndexOf(',');
            return Values(ValueKind.Context, choices, toComplete[(comma + 1)..], prefix + toComplete[..(comma + 1)], kubeconfig, sources, component);
        }
        var changed = ComponentCatalog.All.Where(c => c.Upgrade != UpgradeMethod.ReportOnly).Select(c => c.Name);
        CompletionResult result = kind switch
        {
            ValueKind.Component => Matching(changed, toComplete, CompletionDirective.NoFileComp),
            ValueKind.PluginComponent => Matching(ComponentCatalog.All.Where(c => c.Upgrade == UpgradeMethod.Plugin).Select(c => c.Name), toComplete, CompletionDirective.NoFileComp),
            ValueKind.ComponentOrControlPlane => Matching(changed.Append(ComponentCatalog.ControlPlaneGroup), toComplete, CompletionDirective.NoFileComp),
            ValueKind.Version => Matching([.. choices, .. Releases(component)], toComplete, CompletionDirective.NoFileComp | CompletionDirective.KeepOrder),
            ValueKind.Context => Matching(OrNone(() => sources.Contexts(kubeconfig)), toComplete, CompletionDirective.NoFileComp),
            ValueKind.Fleet => Matching(OrNone(sources.Fleets), toComplete, CompletionDirective.NoFileComp),
            ValueKind.Namespace => Matching(Namespaces(), toComplete, CompletionDirective.NoFileComp),
            ValueKind.Choice => Matching(choices, toComplete, CompletionDirective.NoFileComp),
            ValueKind.File => new([], CompletionDirective.Default),
            _ => Nothing,
        };
        return prefix.Length == 0 ? result : result with { Candidates = [.. result.Candidates.Select(c => prefix + c)] };
    }

    /// <summary>A broken or missing kubeconfig or settings file offers nothing; completion never prints an error.</summary>
    private static IEnumerable<string> OrNone(Func<IEnumerable<string>> words)
    {
        try
        {
            return words().ToList();
        }
        catch (Exception)
        {
            return [];
        }
    }

    private static CompletionResult Matching(IEnumerable<string> words, string toComplete, CompletionDirective directive) =>
        new([.. words.Where(w => w.StartsWith(toComplete, StringComparison.Ordinal)).Distinct()], directive);
}
