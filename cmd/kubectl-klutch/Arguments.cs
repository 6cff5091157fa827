namespace KubectlKlutch.Cli;

/// <summary>What the command line asks for: help on a verb (or on the plugin), or a verb to run with these words for the parser.</summary>
public sealed record NormalizedArguments(VerbSpec? Verb, bool Help, string[] Args);

/// <summary>
/// kubectl's (pflag's) command line on top of CommandLineParser, which lacks it: `--flag=false`,
/// global flags before the verb, `help VERB`, `-h`, `-o=json`, `-ojson`, `--v=6`, value-less
/// `--wait` and `--dry-run`, and the refusal of extra or missing arguments. The parser then
/// gets one spelling only: the verb, each flag as `--name` or `--name=value`, `--`, the arguments.
/// </summary>
public static class Arguments
{
    /// <summary>Flags whose value is optional, as pflag's NoOptDefVal: `--wait` alone means `--wait=true`; `--wait false` is an argument.</summary>
    private static readonly Dictionary<string, string> OptionalValues = new() { ["wait"] = "true", ["dry-run"] = "client" };

    /// <summary>Flags whose value is true or false although the option is a string (because the value is optional).</summary>
    private static readonly HashSet<string> BoolValued = ["wait"];

    public static NormalizedArguments Normalize(IReadOnlyList<string> args) => Normalize(args, VerbSpecs.All);

    public static NormalizedArguments Normalize(IReadOnlyList<string> args, IReadOnlyList<VerbSpec> verbs)
    {
        if (args.Count == 0) return new(null, true, []);
        if (args[0] == "help")
            return args.Count == 1 ? new(null, true, []) : new(KnownVerb(args[1], verbs), true, []);

        // Global flags before the verb (`kubectl klutch --context x status`) move behind it.
        var leading = new List<string>();
        var i = 0;
        var anyVerb = new VerbSpec("", null, typeof(object), [], [.. verbs.SelectMany(v => v.Flags).DistinctBy(f => f.LongName)]);
        for (; i < args.Count && args[i].StartsWith('-') && args[i] != "--"; i++)
        {
            if (IsHelp(args[i])) return new(null, true, []);
            leading.Add(args[i]);
            var (flag, inline, _) = Flag(anyVerb, args[i]);
            if (!flag.IsBool && inline is null && !OptionalValues.ContainsKey(flag.LongName) && i + 1 < args.Count) leading.Add(args[++i]);
        }
        if (i == args.Count || args[i] == "--")
            throw new UsageException($"no command given: usage: kubectl klutch COMMAND [flags]; see 'kubectl klutch --help'");
        var verb = KnownVerb(args[i], verbs);
        return Verb(verb, [.. leading, .. args.Skip(i + 1)]);
    }

    private static NormalizedArguments Verb(VerbSpec verb, IReadOnlyList<string> words)
    {
        var flags = new List<string>();
        var bools = new Dictionary<string, bool>();
        var positionals = new List<(string Word, string? AfterOptional)>();
        var help = false;
        var dashDash = false;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (dashDash || word == "-" || !word.StartsWith('-'))
            {
                positionals.Add((word, i > 0 && OptionalValueFlag(verb, words[i - 1]) is { } previous ? previous : null));
                continue;
            }
            if (word == "--")
            {
                dashDash = true;
                continue;
            }
            if (IsHelp(word))
            {
                help = true;
                continue;
            }
            var (flag, inline, spelled) = Flag(verb, word);
            if (flag.IsBool)
            {
                bools[flag.LongName] = inline is null || (ParseBool(inline) ?? throw new UsageException($"invalid argument \"{inline}\" for \"{spelled}\" flag: use true or false"));
                continue;
            }
            string value;
            if (OptionalValues.TryGetValue(flag.LongName, out var implied))
                value = inline ?? implied;
            else if (inline is not null)
                value = inline;
            else if (i + 1 < words.Count)
                value = words[++i];
            else
                throw new UsageException($"flag needs an argument: {spelled}: see 'kubectl klutch {verb.Name} --help'");
            if (BoolValued.Contains(flag.LongName))
                value = ParseBool(value) is { } b ? (b ? "true" : "false") : throw new UsageException($"invalid argument \"{value}\" for \"{spelled}\" flag: use true or false");
            // `--x=` would be a format error to the parser; an empty value is a word of its own.
            flags.AddRange(value.Length == 0 ? [$"--{flag.LongName}", ""] : [$"--{flag.LongName}={value}"]);
        }
        if (help) return new(verb, true, []);

        if (positionals.Count > verb.Arguments.Count)
        {
            var (extra, after) = positionals[verb.Arguments.Count];
            var hint = after is null ? "" : $" (to give {after} a value, write {after}={extra})";
            throw new UsageException($"unexpected argument \"{extra}\"{hint}: usage: {verb.Usage}");
        }
        var missing = verb.Arguments.Skip(positionals.Count).Where(a => a.Required).Select(a => a.MetaName).ToList();
        if (missing.Count > 0)
            throw new UsageException($"missing {string.Join(" and ", missing)}: usage: {verb.Usage}");

        return new(verb, false, [verb.Name, .. flags, .. bools.Where(b => b.Value).Select(b => $"--{b.Key}"), "--", .. positionals.Select(p => p.Word)]);
    }

    private static VerbSpec KnownVerb(string name, IReadOnlyList<VerbSpec> verbs) =>
        verbs.FirstOrDefault(v => v.Name == name)
        ?? throw new UsageException($"unknown command \"{name}\" for \"kubectl klutch\": see 'kubectl klutch --help'");

    private static bool IsHelp(string word) => word is "-h" or "--help" or "--help=true";

    private static string? OptionalValueFlag(VerbSpec verb, string word) =>
        word.StartsWith("--", StringComparison.Ordinal) && !word.Contains('=') && OptionalValues.ContainsKey(word[2..]) && verb.Long(word[2..]) is not null ? word : null;

    /// <summary>The flag a word names, the value written into it (`--x=v`, `-x=v`, `-xv`), and how the user spelled the flag.</summary>
    private static (FlagSpec Flag, string? Inline, string Spelled) Flag(VerbSpec verb, string word)
    {
        if (word.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = word.IndexOf('=');
            var name = equals < 0 ? word[2..] : word[2..equals];
            // kubectl's `--v=6` is the short -v under a long spelling.
            var flag = (name == "v" ? verb.Short("v") : verb.Long(name))
                ?? throw new UsageException($"unknown flag: --{name}{Help(verb)}");
            return (flag, equals < 0 ? null : word[(equals + 1)..], $"--{name}");
        }
        var letter = word.Substring(1, 1);
        var shortFlag = verb.Short(letter) ?? throw new UsageException($"unknown shorthand flag: '{letter}' in {word}{Help(verb)}");
        var rest = word[2..];
        if (rest.Length > 0 && rest[0] != '=' && shortFlag.IsBool)
            throw new UsageException($"unknown shorthand flag: '{rest[0]}' in {word}{Help(verb)}");
        return (shortFlag, rest.Length == 0 ? null : rest[0] == '=' ? rest[1..] : rest, $"-{letter}");
    }

    private static string Help(VerbSpec verb) => verb.Name.Length == 0 ? ": see 'kubectl klutch --help'" : $": see 'kubectl klutch {verb.Name} --help'";

    /// <summary>pflag's (Go's strconv.ParseBool) spellings of true and false.</summary>
    public static bool? ParseBool(string text) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };
}
