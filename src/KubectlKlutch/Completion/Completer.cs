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
    public static CompletionResult Complete(CommandModel model, IReadOnlyList<string> args, Func<string?, IEnumerable<string>> contexts)
    {
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
        var positionals = 0;
        var afterDoubleDash = false;
        foreach (var word in typed.Skip(1))
        {
            if (pending is not null)
            {
                if (pending.LongName == "kubeconfig") kubeconfig = word;
                pending = null;
                continue;
            }
            if (afterDoubleDash || word == "-" || !word.StartsWith('-'))
            {
                positionals++;
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

        if (pending is not null) return Values(pending.Kind, pending.Choices, toComplete, "", kubeconfig, contexts);

        if (!afterDoubleDash && toComplete.StartsWith('-') && toComplete != "-")
        {
            // `--context=pro<TAB>` completes the value, prefixed so the shell keeps the flag.
            var equals = toComplete.IndexOf('=');
            if (equals > 0)
            {
                var (flag, value) = Parse(verb, toComplete);
                return flag is { TakesValue: true }
                    ? Values(flag.Kind, flag.Choices, value ?? "", toComplete[..(equals + 1)], kubeconfig, contexts)
                    : Nothing;
            }
            return Matching(verb.Flags.Select(f => "--" + f.LongName).Append("--help"), toComplete, CompletionDirective.NoFileComp);
        }

        return positionals < verb.Arguments.Count
            ? Values(verb.Arguments[positionals].Kind, verb.Arguments[positionals].Choices, toComplete, "", kubeconfig, contexts)
            : Nothing;
    }

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
        string? kubeconfig, Func<string?, IEnumerable<string>> contexts)
    {
        if (kind == ValueKind.ContextList)
        {
            var comma = toComplete.LastIndexOf(',');
            return Values(ValueKind.Context, choices, toComplete[(comma + 1)..], prefix + toComplete[..(comma + 1)], kubeconfig, contexts);
        }
        CompletionResult result = kind switch
        {
            ValueKind.Component => Matching(ComponentCatalog.All.Select(c => c.Name), toComplete, CompletionDirective.NoFileComp),
            ValueKind.ComponentOrControlPlane => Matching(ComponentCatalog.All.Select(c => c.Name).Append(ComponentCatalog.ControlPlaneGroup), toComplete, CompletionDirective.NoFileComp),
            ValueKind.Version => Matching([.. choices, .. KnownReleases.All], toComplete, CompletionDirective.NoFileComp | CompletionDirective.KeepOrder),
            ValueKind.Context => Matching(ContextsOrNone(contexts, kubeconfig), toComplete, CompletionDirective.NoFileComp),
            ValueKind.Choice => Matching(choices, toComplete, CompletionDirective.NoFileComp),
            ValueKind.File => new([], CompletionDirective.Default),
            _ => Nothing,
        };
        return prefix.Length == 0 ? result : result with { Candidates = [.. result.Candidates.Select(c => prefix + c)] };
    }

    /// <summary>A broken or missing kubeconfig offers no contexts; completion never prints an error.</summary>
    private static IEnumerable<string> ContextsOrNone(Func<string?, IEnumerable<string>> contexts, string? kubeconfig)
    {
        try
        {
            return contexts(kubeconfig).ToList();
        }
        catch (Exception)
        {
            return [];
        }
    }

    private static CompletionResult Matching(IEnumerable<string> words, string toComplete, CompletionDirective directive) =>
        new([.. words.Where(w => w.StartsWith(toComplete, StringComparison.Ordinal)).Distinct()], directive);
}
